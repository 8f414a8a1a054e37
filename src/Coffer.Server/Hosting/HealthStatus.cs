using System.Text.Json.Serialization;

namespace Coffer.Server.Hosting;

/// <summary>The body of <c>GET /_coffer/health</c>.</summary>
/// <param name="Status"><c>ok</c>, or <c>unavailable</c> when the metadata store cannot be read.</param>
/// <param name="Version">The server's version.</param>
internal sealed record HealthStatus(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("version")] string Version);
