using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>CancelKeyDeletion: the key leaves PendingDeletion as Disabled; the response names it by ARN.</summary>
internal sealed class CancelKeyDeletionOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "CancelKeyDeletion";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var key = await Keys.CancelKeyDeletionAsync(call.Caller, keyId, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Object(w => w.WriteString("KeyId", key.Arn));
    }
}
