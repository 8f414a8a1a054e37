using System.Text.Encodings.Web;
using System.Text.Json;
using Coffer.Audit;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.CloudTrail;

/// <summary>
/// <c>LookupEvents</c>: the caller's account's events in the caller's region, newest first. <c>ReadOnly</c> and
/// <c>CloudTrailEvent</c> are strings, <c>EventTime</c> is epoch seconds, as CloudTrail answers.
/// </summary>
/// <remarks>
/// Read-your-writes: a lookup sees every call that completed before it began. CloudTrail itself is eventually
/// consistent (events arrive minutes later), so a client written for AWS never depends on this; Coffer's trail is
/// written in batches (<see cref="AuditOptions.FlushInterval"/>), and the lookup flushes what is queued first, so
/// that scripts and tests that call an API and then look for its event get a deterministic answer.
/// </remarks>
internal sealed class LookupEventsOperation(AuditTrail trail) : JsonOperation
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <inheritdoc />
    public override string Name => "LookupEvents";

    /// <inheritdoc />
    public override async ValueTask<byte[]> ExecuteAsync(AwsRequestContext request, JsonElement input, CancellationToken cancellationToken)
    {
        var (query, insights) = LookupEventsRequest.Parse(request.Caller, input);
        // Validation (MaxResults, time range, token) applies to Insights lookups too; Coffer records no Insights events.
        await trail.FlushAsync(cancellationToken);
        var page = await trail.LookupAsync(query, cancellationToken);
        return Write(insights ? new AuditPage([], null) : page);
    }

    private static byte[] Write(AuditPage page)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("Events");
            foreach (var (e, record) in page.Events)
            {
                json.WriteStartObject();
                json.WriteString("EventId", e.EventId);
                json.WriteString("EventName", e.EventName);
                json.WriteString("ReadOnly", e.ReadOnly ? "true" : "false");
                WriteIfPresent(json, "AccessKeyId", e.UserIdentity.AccessKeyId);
                json.WriteNumber("EventTime", e.EventTime.ToUnixTimeSeconds());
                json.WriteString("EventSource", e.EventSource);
                WriteIfPresent(json, "Username", e.UserIdentity.UserName);
                json.WriteStartArray("Resources");
                foreach (var resource in e.Resources)
                {
                    json.WriteStartObject();
                    json.WriteString("ResourceType", resource.Type);
                    json.WriteString("ResourceName", resource.Arn);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("CloudTrailEvent", record);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteIfPresent(json, "NextToken", page.NextToken);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
