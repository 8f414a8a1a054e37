using Coffer.Server.Edge;

namespace Coffer.Server.Services.SecretsManager;

/// <summary>AWS Secrets Manager (JSON 1.1, <c>X-Amz-Target: secretsmanager.*</c>).</summary>
internal sealed class SecretsManagerService(IEnumerable<SecretsOperation> operations) : JsonService(operations)
{
    /// <inheritdoc />
    public override string SigningName => "secretsmanager";

    /// <inheritdoc />
    public override string TargetPrefix => "secretsmanager";
}
