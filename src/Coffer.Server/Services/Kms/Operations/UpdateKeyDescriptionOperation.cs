using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>UpdateKeyDescription: a description of 0–8192 characters; not while the key is pending deletion.</summary>
internal sealed class UpdateKeyDescriptionOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "UpdateKeyDescription";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var description = call.Input.OptionalString("Description", 0, 8192) ?? throw KmsInput.Missing("Description");
        var key = await Keys.UpdateKeyDescriptionAsync(call.Caller, keyId, description, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Empty;
    }
}
