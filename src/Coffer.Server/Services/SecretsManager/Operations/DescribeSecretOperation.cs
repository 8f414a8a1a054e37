using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager.Operations;

/// <summary>DescribeSecret: SecretId → the secret's metadata (never its value), also while it is scheduled for deletion.</summary>
internal sealed class DescribeSecretOperation(SecretsService secrets) : SecretsOperation(secrets)
{
    /// <inheritdoc />
    public override string Name => "DescribeSecret";

    /// <inheritdoc />
    protected override ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken)
    {
        var secret = Secrets.DescribeSecret(caller, SecretId(input));
        return ValueTask.FromResult(KmsJson.Object(w => w.WriteSecret(secret, "VersionIdsToStages")));
    }
}
