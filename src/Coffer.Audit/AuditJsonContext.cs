using System.Text.Json.Serialization;

namespace Coffer.Audit;

/// <summary>Source-generated (de)serialisation of <see cref="AuditEvent"/> with CloudTrail's field names.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(AuditEvent))]
public sealed partial class AuditJsonContext : JsonSerializerContext;
