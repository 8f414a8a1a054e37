using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>ListRetirableGrants: the grants a principal of the caller's account may retire, on keys of any account in the region.</summary>
internal sealed class ListRetirableGrantsOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ListRetirableGrants";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var limit = input.OptionalInt("Limit", 1, 100) ?? 50;
        var marker = input.OptionalString("Marker", 1, 1024);
        var retiringPrincipal = input.RequiredString("RetiringPrincipal", 1, 256);
        var (grants, next) = Keys.ListRetirableGrants(call.Caller, retiringPrincipal, limit, marker);
        return ValueTask.FromResult(GrantListJson.Write(grants, Keys.KeyArnOf, next));
    }
}
