using System.Net;

namespace Coffer.Server.Hosting;

/// <summary>Plain HTTP is allowed on loopback only: any other address needs TLS (an <c>https://</c> URL and a certificate).</summary>
internal static class ListenAddressGuard
{
    /// <summary>
    /// Checks a <c>;</c>-separated URL list as <c>--urls</c> takes it. Returns <see langword="null"/> when every
    /// address is acceptable, else one line saying which is not and what to do.
    /// </summary>
    public static string? Check(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd < 0)
            {
                return $"Cannot listen on '{url}': a listen address is a URL such as http://127.0.0.1:4600.";
            }

            var scheme = url[..schemeEnd].ToLowerInvariant();
            if (scheme == "https")
            {
                continue;
            }

            if (scheme != "http")
            {
                return $"Cannot listen on '{url}': only http:// (loopback) and https:// addresses are supported.";
            }

            var hostAndPort = url[(schemeEnd + 3)..];
            var slash = hostAndPort.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                hostAndPort = hostAndPort[..slash];
            }

            if (!IsLoopback(HostOf(hostAndPort)))
            {
                return $"Refusing to serve plain HTTP on non-loopback address '{url}': use https:// with a certificate (Kestrel:Certificates:Default) or bind 127.0.0.1.";
            }
        }

        return null;
    }

    private static string HostOf(string hostAndPort)
    {
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? hostAndPort : hostAndPort[1..close];
        }

        var colon = hostAndPort.LastIndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort[..colon];
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
