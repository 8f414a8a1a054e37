using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>CreateAlias: a new alias for a customer managed key named by id or ARN.</summary>
internal sealed class CreateAliasOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "CreateAlias";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var aliasName = AliasName.Read(call.Input);
        var target = call.Input.RequiredString("TargetKeyId", 1, 2048);
        var alias = await Keys.CreateAliasAsync(call.Caller, aliasName, target, cancellationToken);
        call.KeyArn = AliasName.TargetArn(alias);
        return KmsJson.Empty;
    }
}
