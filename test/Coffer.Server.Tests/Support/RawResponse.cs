using System.Globalization;
using System.Text;

namespace Coffer.Server.Tests.Support;

/// <summary>A parsed HTTP/1.1 response.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static RawResponse Parse(string text)
    {
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(headerEnd > 0, $"Not an HTTP response: {text}");
        var lines = text[..headerEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(headerEnd + 4)..];
        if (headers.TryGetValue("Content-Length", out var length))
        {
            Assert.Equal(int.Parse(length, CultureInfo.InvariantCulture), Encoding.UTF8.GetByteCount(body));
        }

        return new RawResponse(status, headers, body);
    }
}
