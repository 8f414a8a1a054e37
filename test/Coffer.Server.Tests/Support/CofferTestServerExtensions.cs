using Coffer.TestKit;

namespace Coffer.Server.Tests.Support;

internal static class CofferTestServerExtensions
{
    /// <summary>The absolute URI of <paramref name="pathAndQuery"/> on <paramref name="server"/>.</summary>
    public static Uri At(this CofferTestServer server, string pathAndQuery) => new(new Uri(server.BaseUrl), pathAndQuery);

    /// <summary>A signer with another key, for the same server.</summary>
    public static TestSigner Signer(this CofferTestServer server, string accessKeyId, string secretAccessKey) =>
        new(accessKeyId, secretAccessKey, TimeProvider.System, new Uri(server.BaseUrl));
}
