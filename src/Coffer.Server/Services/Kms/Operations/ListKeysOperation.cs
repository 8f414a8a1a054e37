using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>ListKeys: the caller's keys in the region, paginated by Limit (1–1000, default 100) and Marker.</summary>
internal sealed class ListKeysOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ListKeys";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var limit = call.Input.OptionalInt("Limit", 1, 1000) ?? 100;
        var marker = call.Input.OptionalString("Marker", 1, 1024);
        var (page, next) = Keys.ListKeys(call.Caller, limit, marker);
        return ValueTask.FromResult(KmsJson.Object(w =>
        {
            w.WriteStartArray("Keys");
            foreach (var key in page)
            {
                w.WriteStartObject();
                w.WriteString("KeyId", key.KeyId);
                w.WriteString("KeyArn", key.Arn);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (next is not null)
            {
                w.WriteString("NextMarker", next);
            }

            w.WriteBoolean("Truncated", next is not null);
        }));
    }
}
