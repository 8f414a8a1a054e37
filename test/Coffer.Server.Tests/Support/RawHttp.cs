using System.Net.Sockets;
using System.Text;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Support;

/// <summary>
/// Sends bytes exactly as given over a TCP connection, for requests <see cref="HttpClient"/> would normalise
/// (it re-escapes a malformed <c>%zz</c> in a URI, for example).
/// </summary>
internal static class RawHttp
{
    /// <summary>
    /// Sends <c>{method} {target} HTTP/1.1</c> with <paramref name="headers"/> (<c>Name: value</c>), no body and
    /// <c>Connection: close</c>; returns the parsed response.
    /// </summary>
    public static async Task<RawResponse> SendAsync(CofferTestServer server, string method, string target, params string[] headers)
    {
        var uri = new Uri(server.BaseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {uri.Host}:{uri.Port}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(received, timeout.Token);
        return RawResponse.Parse(Encoding.UTF8.GetString(received.ToArray()));
    }
}
