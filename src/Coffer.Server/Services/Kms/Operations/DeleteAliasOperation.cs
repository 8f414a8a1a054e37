using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>DeleteAlias: removes an alias; its key is untouched.</summary>
internal sealed class DeleteAliasOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "DeleteAlias";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var aliasName = AliasName.Read(call.Input);
        await Keys.DeleteAliasAsync(call.Caller, aliasName, cancellationToken);
        return KmsJson.Empty;
    }
}
