using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>DisableKeyRotation: turns automatic rotation off.</summary>
internal sealed class DisableKeyRotationOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "DisableKeyRotation";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var key = await Keys.DisableKeyRotationAsync(call.Caller, keyId, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Empty;
    }
}
