using System.Globalization;
using System.Net.Http.Headers;
using Coffer.Protocols.Http;
using Coffer.Protocols.SigV4;
using Microsoft.AspNetCore.Http;

namespace Coffer.TestKit;

/// <summary>
/// Signs raw <see cref="HttpRequestMessage"/>s with SigV4, for tests that need exact control over a request.
/// (Compatibility tests use the real AWS CLI and boto3 instead, whose signers are independent of ours.)
/// </summary>
public sealed class TestSigner(string accessKeyId, string secretAccessKey, TimeProvider time)
{
    /// <summary>Signs <paramref name="request"/> in place with the <c>Authorization</c> header.</summary>
    public async Task<HttpRequestMessage> SignAsync(HttpRequestMessage request, string service, string region = "us-east-1", DateTimeOffset? at = null, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var when = at ?? time.GetUtcNow();
        var amzDate = when.UtcDateTime.ToString(SigV4.DateTimeFormat, CultureInfo.InvariantCulture);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var uri = request.RequestUri!;
        var headers = new HeaderDictionary
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = amzDate,
        };
        var signedHeaders = new List<string> { "host", "x-amz-date" };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
            signedHeaders.Insert(0, "content-type");
        }

        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)))
        {
            var name = header.Key.ToLowerInvariant();
            headers[name] = string.Join(',', header.Value);
            signedHeaders.Add(name);
        }

        signedHeaders.Sort(StringComparer.Ordinal);
        if (!QueryStringParser.TryParse(uri.Query, out var query, out _))
        {
            throw new ArgumentException("The request URI has a malformed query string.", nameof(request));
        }

        var scope = $"{when.UtcDateTime.ToString(SigV4.DateFormat, CultureInfo.InvariantCulture)}/{region}/{service}/{SigV4.Terminator}";
        var canonical = CanonicalRequest.Build(request.Method.Method, uri.AbsolutePath, query, headers, signedHeaders, SigV4Signer.HexSha256(body));
        var key = SigV4Signer.DeriveSigningKey(secret ?? secretAccessKey, scope[..8], region, service);
        var signature = SigV4Signer.ComputeSignature(key, SigV4Signer.StringToSign(amzDate, scope, canonical));
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(SigV4Signer.AuthorizationHeader(accessKeyId, scope, signedHeaders, signature));
        return request;
    }

    /// <summary>A signed AWS Query POST with a form body.</summary>
    public Task<HttpRequestMessage> QueryAsync(string service, string form, string region = "us-east-1", DateTimeOffset? at = null, string? secret = null) =>
        SignAsync(new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        }, service, region, at, secret);

    /// <summary>A signed JSON 1.1 POST.</summary>
    public Task<HttpRequestMessage> JsonAsync(string service, string target, string json, string region = "us-east-1")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return SignAsync(request, service, region);
    }
}
