using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>DisableKey: key id or ARN; the state table's rules; refused on AWS managed keys.</summary>
internal sealed class DisableKeyOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "DisableKey";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var key = await Keys.DisableKeyAsync(call.Caller, keyId, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Empty;
    }
}
