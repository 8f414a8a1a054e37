using System.Text.Encodings.Web;
using System.Text.Json;

namespace Coffer.Audit;

/// <summary>The one place records become JSON text and back: CloudTrail field names, relaxed escaping as AWS writes it.</summary>
internal static class AuditJson
{
    private static readonly AuditJsonContext Context = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string Serialize(AuditEvent auditEvent) => JsonSerializer.Serialize(auditEvent, Context.AuditEvent);

    public static AuditEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Context.AuditEvent) ?? throw new JsonException("An audit record is the JSON null.");
}
