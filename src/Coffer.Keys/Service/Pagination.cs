using System.Text;

namespace Coffer.Keys.Service;

/// <summary>
/// Opaque pagination markers: base64url of the listing's name and the last item returned. A marker from another
/// listing, or one that does not decode, is InvalidMarkerException.
/// </summary>
internal static class Pagination
{
    /// <summary>The marker that continues <paramref name="listing"/> after <paramref name="last"/>.</summary>
    public static string Marker(string listing, string last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{listing}\n{last}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The last item a marker of <paramref name="listing"/> names.</summary>
    public static string ReadMarker(string marker, string listing)
    {
        try
        {
            var base64 = marker.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var separator = text.IndexOf('\n', StringComparison.Ordinal);
            return separator > 0 && text[..separator] == listing ? text[(separator + 1)..] : throw KmsErrors.InvalidMarker();
        }
        catch (FormatException)
        {
            throw KmsErrors.InvalidMarker();
        }
    }
}
