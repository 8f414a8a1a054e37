namespace Coffer.Protocols.Http;

/// <summary>Splits an <c>application/x-www-form-urlencoded</c> string (a query string or a Query-protocol body) into decoded pairs.</summary>
public static class QueryStringParser
{
    /// <summary>
    /// Parses <c>a=1&amp;b=2</c> (an optional leading '?' is ignored) into pairs in their original order.
    /// A name without '=' gets an empty value; empty segments are skipped. Returns <see langword="false"/> with the
    /// offending segment when an escape is malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out List<KeyValuePair<string, string>> pairs, out string? badSegment)
    {
        pairs = [];
        badSegment = null;
        if (text.StartsWith("?"))
        {
            text = text[1..];
        }

        foreach (var range in text.Split('&'))
        {
            var segment = text[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            var eq = segment.IndexOf('=');
            var rawName = eq < 0 ? segment : segment[..eq];
            var rawValue = eq < 0 ? [] : segment[(eq + 1)..];
            if (!UriEncoding.TryDecode(rawName, plusIsSpace: true, out var name) ||
                !UriEncoding.TryDecode(rawValue, plusIsSpace: true, out var value))
            {
                badSegment = segment.Length > 64 ? string.Concat(segment[..64], "…") : segment.ToString();
                return false;
            }

            pairs.Add(new(name, value));
        }

        return true;
    }
}
