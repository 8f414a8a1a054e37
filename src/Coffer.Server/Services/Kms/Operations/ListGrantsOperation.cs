using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>ListGrants: a key's grants (id or ARN), filtered by GrantId or GranteePrincipal, Limit 1–100 (default 50) and Marker.</summary>
internal sealed class ListGrantsOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ListGrants";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var limit = input.OptionalInt("Limit", 1, 100) ?? 50;
        var marker = input.OptionalString("Marker", 1, 1024);
        var keyId = input.RequiredString("KeyId", 1, 2048);
        var grantId = input.OptionalString("GrantId", 1, 128);
        var grantee = input.OptionalString("GranteePrincipal", 1, 256);
        var (grants, keyArn, next) = await Keys.ListGrantsAsync(call.Caller, keyId, grantId, grantee, limit, marker, cancellationToken);
        call.KeyArn = keyArn;
        return GrantListJson.Write(grants, _ => keyArn, next);
    }
}
