using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>EnableKey: key id or ARN; the state table's rules; refused on AWS managed keys.</summary>
internal sealed class EnableKeyOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "EnableKey";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var key = await Keys.EnableKeyAsync(call.Caller, keyId, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Empty;
    }
}
