using System.Text;
using Coffer.Protocols.Http;
using Microsoft.AspNetCore.Http;

namespace Coffer.Protocols.SigV4;

/// <summary>Builds the SigV4 canonical request exactly as AWS specifies it for services other than S3.</summary>
public static class CanonicalRequest
{
    /// <summary>
    /// <c>METHOD \n URI \n query \n headers \n signed-headers \n payload-hash</c>.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="rawPath">The path exactly as it appeared in the request line (still percent-encoded).</param>
    /// <param name="query">The decoded query parameters, in any order; presigned requests pass them without <c>X-Amz-Signature</c>.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="signedHeaders">The lower-case names of the signed headers.</param>
    /// <param name="payloadHash">The lower-case hex SHA-256 of the body (or the value the client declared).</param>
    public static string Build(
        string method,
        string rawPath,
        IEnumerable<KeyValuePair<string, string>> query,
        IHeaderDictionary headers,
        IReadOnlyList<string> signedHeaders,
        string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var builder = new StringBuilder(512);
        builder.Append(method).Append('\n');
        UriEncoding.AppendEncoded(builder, NormalizePath(rawPath), keepSlash: true);
        builder.Append('\n');
        AppendCanonicalQuery(builder, query);
        builder.Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':');
            AppendCanonicalHeaderValue(builder, headers[name]);
            builder.Append('\n');
        }

        builder.Append('\n');
        builder.AppendJoin(';', signedHeaders);
        builder.Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>
    /// Removes dot segments and empty segments (AWS services other than S3 require consecutive slashes collapsed),
    /// keeping a leading and a trailing slash. An empty path becomes <c>/</c>.
    /// </summary>
    public static string NormalizePath(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        var output = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                continue;
            }

            output.Add(segment);
        }

        var first = rawPath[0] == '/' ? "/" : string.Empty;
        var last = rawPath[^1] == '/' && output.Count > 0 ? "/" : string.Empty;
        var normalized = first + string.Join('/', output) + last;
        return normalized.Length == 0 ? "/" : normalized;
    }

    private static void AppendCanonicalQuery(StringBuilder builder, IEnumerable<KeyValuePair<string, string>> query)
    {
        var encoded = query
            .Select(p => (Name: UriEncoding.Encode(p.Key), Value: UriEncoding.Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        var first = true;
        foreach (var (name, value) in encoded)
        {
            if (!first)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(value);
            first = false;
        }
    }

    private static void AppendCanonicalHeaderValue(StringBuilder builder, Microsoft.Extensions.Primitives.StringValues values)
    {
        for (var v = 0; v < values.Count; v++)
        {
            if (v > 0)
            {
                builder.Append(',');
            }

            // Trim, and collapse every run of whitespace (including folded lines) to one space.
            var value = (values[v] ?? string.Empty).AsSpan().Trim();
            var inSpace = false;
            foreach (var c in value)
            {
                if (c is ' ' or '\t' or '\n' or '\r')
                {
                    inSpace = true;
                    continue;
                }

                if (inSpace)
                {
                    builder.Append(' ');
                    inSpace = false;
                }

                builder.Append(c);
            }
        }
    }
}
