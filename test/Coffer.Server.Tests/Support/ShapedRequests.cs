using System.Net.Http.Headers;
using System.Text;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Support;

/// <summary>Builds a representative signed request of each <see cref="WireShape"/>.</summary>
internal static class ShapedRequests
{
    public const string GetCallerIdentityForm = "Action=GetCallerIdentity&Version=2011-06-15";
    public const string JsonTarget = "TrentService.ListKeys";
    public const string JsonBody = "{\"Limit\":10}";
    public const string RestJsonBody = "{\"resourceArn\":\"arn:aws:rds:us-east-1:123456789012:cluster:c1\",\"sql\":\"SELECT 1\"}";

    /// <summary>
    /// The SigV4 service name each shape is signed for. REST-JSON requests are signed for <c>lambda</c>, a REST-JSON
    /// service Coffer does not serve, so that they exercise the edge alone (the Data API, <c>rds-data</c>, has its own tests).
    /// </summary>
    public static string Service(WireShape shape) => shape switch
    {
        WireShape.Query => "sts",
        WireShape.Json => "kms",
        _ => "lambda",
    };

    /// <summary>An unsigned request of <paramref name="shape"/> with <paramref name="body"/> (or the shape's usual body).</summary>
    public static HttpRequestMessage Unsigned(CofferTestServer server, WireShape shape, string? body = null)
    {
        switch (shape)
        {
            case WireShape.Query:
                return new HttpRequestMessage(HttpMethod.Post, server.At("/"))
                {
                    Content = new StringContent(body ?? GetCallerIdentityForm, Encoding.UTF8, "application/x-www-form-urlencoded"),
                };
            case WireShape.Json:
                var json = new HttpRequestMessage(HttpMethod.Post, server.At("/")) { Content = new StringContent(body ?? JsonBody) };
                json.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
                json.Headers.TryAddWithoutValidation("X-Amz-Target", JsonTarget);
                return json;
            default:
                var rest = new HttpRequestMessage(HttpMethod.Post, server.At("/Execute")) { Content = new StringContent(body ?? RestJsonBody) };
                rest.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                return rest;
        }
    }

    /// <summary>A request of <paramref name="shape"/> signed by <paramref name="signer"/>.</summary>
    public static Task<HttpRequestMessage> SignedAsync(
        CofferTestServer server, TestSigner signer, WireShape shape, string region = "us-east-1", DateTimeOffset? at = null, string? secret = null, string? body = null) =>
        signer.SignAsync(Unsigned(server, shape, body), Service(shape), region, at, secret);

    /// <summary>Replaces the <c>Authorization</c> header with <paramref name="value"/>, unvalidated.</summary>
    public static void SetAuthorization(HttpRequestMessage request, string value)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", value);
    }

    /// <summary>A secret that differs from <paramref name="secret"/> in its first character only.</summary>
    public static string OtherSecret(string secret) => (secret[0] == 'x' ? "y" : "x") + secret[1..];

    /// <summary>The raw <c>Authorization</c> header of a signed request.</summary>
    public static string Authorization(HttpRequestMessage request) => request.Headers.NonValidated["Authorization"].ToString();

    /// <summary>The signature hex of a signed request.</summary>
    public static string Signature(HttpRequestMessage request)
    {
        var authorization = Authorization(request);
        return authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
    }
}
