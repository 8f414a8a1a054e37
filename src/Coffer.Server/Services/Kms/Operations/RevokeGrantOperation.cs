using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>RevokeGrant: a key id or ARN and a grant id; needs kms:RevokeGrant in the key policy.</summary>
internal sealed class RevokeGrantOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "RevokeGrant";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var keyId = input.RequiredString("KeyId", 1, 2048);
        var grantId = input.RequiredString("GrantId", 1, 128);
        var dryRun = input.OptionalBool("DryRun") ?? false;
        await Keys.RevokeGrantAsync(call.Caller, keyId, grantId, dryRun, cancellationToken);
        return KmsJson.Empty;
    }
}
