using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>ListResourceTags: a key's tags by tag key; Limit 1–50 (default 50) and Marker.</summary>
internal sealed class ListResourceTagsOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ListResourceTags";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var limit = call.Input.OptionalInt("Limit", 1, TagList.MaxTags) ?? TagList.MaxTags;
        var marker = call.Input.OptionalString("Marker", 1, 1024);
        var (page, next) = await Keys.ListResourceTagsAsync(call.Caller, keyId, limit, marker, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteStartArray("Tags");
            foreach (var (tagKey, value) in page)
            {
                w.WriteStartObject();
                w.WriteString("TagKey", tagKey);
                w.WriteString("TagValue", value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            Paging.Write(w, next);
        });
    }
}
