using System.Text.Json.Serialization;

namespace Coffer.Server.Hosting;

/// <summary>Source-generated serialisation of the health body.</summary>
[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
