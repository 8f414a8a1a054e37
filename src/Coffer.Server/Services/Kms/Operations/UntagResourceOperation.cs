using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>UntagResource: removes tags by key (1–50 keys of 1–128 characters).</summary>
internal sealed class UntagResourceOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "UntagResource";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var tagKeys = call.Input.StringList("TagKeys", TagList.MaxTags, 1, 128);
        if (tagKeys.Count == 0)
        {
            throw KmsInput.Missing("TagKeys");
        }

        await Keys.UntagResourceAsync(call.Caller, keyId, [.. tagKeys], cancellationToken);
        return KmsJson.Empty;
    }
}
