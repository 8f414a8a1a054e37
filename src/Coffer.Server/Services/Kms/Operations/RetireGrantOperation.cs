using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>RetireGrant: by GrantToken, or by KeyId (a key ARN) and GrantId.</summary>
internal sealed class RetireGrantOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "RetireGrant";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var token = input.OptionalString("GrantToken", 1, 8192);
        var keyId = input.OptionalString("KeyId", 1, 2048);
        var grantId = input.OptionalString("GrantId", 1, 128);
        var dryRun = input.OptionalBool("DryRun") ?? false;
        await Keys.RetireGrantAsync(call.Caller, token, keyId, grantId, dryRun, cancellationToken);
        return KmsJson.Empty;
    }
}
