using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>RotateKeyOnDemand: new current material at once; at most 25 per key.</summary>
internal sealed class RotateKeyOnDemandOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "RotateKeyOnDemand";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var key = await Keys.RotateKeyOnDemandAsync(call.Caller, keyId, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Object(w => w.WriteString("KeyId", key.KeyId));
    }
}
