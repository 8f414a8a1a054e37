using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>DescribeKey: any identifier form; creates an AWS managed key named by its alias on first reference.</summary>
internal sealed class DescribeKeyOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "DescribeKey";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var key = await Keys.DescribeKeyAsync(call.Caller, keyId, GrantTokens(call.Input), cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Object(w => w.WriteKeyMetadata(key));
    }
}
