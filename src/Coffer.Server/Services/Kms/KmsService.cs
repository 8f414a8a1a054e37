using Coffer.Server.Edge;

namespace Coffer.Server.Services.Kms;

/// <summary>AWS KMS (JSON 1.1, <c>X-Amz-Target: TrentService.*</c>).</summary>
internal sealed class KmsService(IEnumerable<KmsOperation> operations) : JsonService(operations)
{
    /// <inheritdoc />
    public override string SigningName => "kms";

    /// <inheritdoc />
    public override string TargetPrefix => "TrentService";
}
