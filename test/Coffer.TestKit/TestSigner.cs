using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Coffer.Protocols.Http;
using Coffer.Protocols.SigV4;
using Microsoft.AspNetCore.Http;

namespace Coffer.TestKit;

/// <summary>
/// Signs raw <see cref="HttpRequestMessage"/>s with SigV4 (<c>Authorization</c> header), resolving relative URIs
/// against the server's address so that the signed <c>host</c> is the one the request goes to.
/// </summary>
public sealed class TestSigner(string accessKeyId, string secretAccessKey, TimeProvider time, Uri baseAddress)
{
    /// <summary>Signs <paramref name="request"/> in place and returns it.</summary>
    public async Task<HttpRequestMessage> SignAsync(HttpRequestMessage request, string service, string region = "us-east-1", DateTimeOffset? at = null, string? secret = null)
    {
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : new Uri(baseAddress, request.RequestUri!);
        request.RequestUri = uri;
        var when = (at ?? time.GetUtcNow()).UtcDateTime;
        var amzDate = when.ToString(SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new HeaderDictionary
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = amzDate,
        };
        var signedHeaders = new List<string> { "host", "x-amz-date" };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
            signedHeaders.Add("content-type");
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
            throw new ArgumentException($"The request URI {uri} has a malformed query string.", nameof(request));
        }

        var scopeDate = when.ToString(SigV4Constants.DateFormat, CultureInfo.InvariantCulture);
        var scope = $"{scopeDate}/{region}/{service}/{SigV4Constants.Terminator}";
        var canonical = CanonicalRequest.Build(request.Method.Method, uri.AbsolutePath, query, headers, signedHeaders, SigV4Signer.HexSha256(body));
        var key = SigV4Signer.DeriveSigningKey(secret ?? secretAccessKey, scopeDate, region, service);
        var signature = SigV4Signer.ComputeSignature(key, SigV4Signer.StringToSign(amzDate, scope, canonical));
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", SigV4Signer.AuthorizationHeader(accessKeyId, scope, signedHeaders, signature));
        return request;
    }

    /// <summary>A signed AWS Query POST to <c>/</c> with a form body.</summary>
    public Task<HttpRequestMessage> QueryAsync(string service, string form, string region = "us-east-1", DateTimeOffset? at = null, string? secret = null) =>
        SignAsync(new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        }, service, region, at, secret);

    /// <summary>A signed JSON 1.1 POST to <c>/</c>.</summary>
    public Task<HttpRequestMessage> JsonAsync(string service, string target, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return SignAsync(request, service);
    }
}
