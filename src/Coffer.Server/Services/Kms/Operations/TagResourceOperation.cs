using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>TagResource: adds or replaces tags of a customer managed key; 50 tags per key.</summary>
internal sealed class TagResourceOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "TagResource";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var tags = TagList.Read(call.Input, "Tags");
        if (tags.Count == 0 && call.Input.Element("Tags", System.Text.Json.JsonValueKind.Array) is null)
        {
            throw KmsInput.Missing("Tags");
        }

        await Keys.TagResourceAsync(call.Caller, keyId, tags, cancellationToken);
        return KmsJson.Empty;
    }
}
