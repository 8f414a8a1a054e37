using System.Text.Json;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>The pagination members of every List* response: <c>NextMarker</c> when there is more, and <c>Truncated</c>.</summary>
internal static class Paging
{
    /// <summary>Writes <c>NextMarker</c> (if any) and <c>Truncated</c>.</summary>
    public static void Write(Utf8JsonWriter writer, string? nextMarker)
    {
        if (nextMarker is not null)
        {
            writer.WriteString("NextMarker", nextMarker);
        }

        writer.WriteBoolean("Truncated", nextMarker is not null);
    }
}
