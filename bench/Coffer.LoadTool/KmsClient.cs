using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Coffer.Protocols.SigV4;
using Microsoft.AspNetCore.Http;

namespace Coffer.LoadTool;

/// <summary>
/// A minimal KMS JSON 1.1 client: every request is signed with SigV4 (Coffer.Protocols' signer), over one shared
/// <see cref="HttpClient"/> whose handler keeps one connection per concurrent caller.
/// </summary>
internal sealed class KmsClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/x-amz-json-1.1");
    private static readonly string[] SignedHeaders = ["content-type", "host", "x-amz-date", "x-amz-target"];

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _host;
    private readonly string _region;
    private readonly string _accessKey;
    private readonly string _secretKey;
    private readonly TimeProvider _time;
    private (string Date, byte[] Key) _signingKey = (string.Empty, []);
    private SignedRequest? _lastSigned;

    public KmsClient(Uri endpoint, string region, string accessKey, string secretKey, int connections, TimeProvider time)
    {
        _endpoint = endpoint;
        _host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        _region = region;
        _accessKey = accessKey;
        _secretKey = secretKey;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Sends a signed <c>TrentService.<paramref name="operation"/></c> call; the caller disposes the response.</summary>
    public Task<HttpResponseMessage> SendAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        var target = "TrentService." + operation;
        var now = _time.GetUtcNow().UtcDateTime;
        var amzDate = now.ToString(SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture);
        var authorization = Authorization(amzDate, target, body);
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body), Version = new Version(1, 1) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>Sends a call that must succeed and returns its JSON response.</summary>
    public async Task<JsonElement> CallAsync(string operation, object body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(operation, JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{operation} failed with {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// The Authorization header of a request of <paramref name="body"/> to <paramref name="target"/> at
    /// <paramref name="amzDate"/>. Identical requests within one second have identical signatures, so the last one is
    /// reused rather than signed again (the server still verifies every request): the tool's CPU, on the cores it
    /// shares with the server, goes to HTTP rather than to signing.
    /// </summary>
    private string Authorization(string amzDate, string target, byte[] body)
    {
        var last = _lastSigned;
        if (last is not null && last.AmzDate == amzDate && last.Target == target && ReferenceEquals(last.Body, body))
        {
            return last.Authorization;
        }

        var scopeDate = amzDate[..8];
        var headers = new HeaderDictionary
        {
            ["content-type"] = JsonType.MediaType,
            ["host"] = _host,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = target,
        };
        var scope = $"{scopeDate}/{_region}/kms/{SigV4Constants.Terminator}";
        var canonical = CanonicalRequest.Build("POST", "/", [], headers, SignedHeaders, SigV4Signer.HexSha256(body));
        var signature = SigV4Signer.ComputeSignature(SigningKey(scopeDate), SigV4Signer.StringToSign(amzDate, scope, canonical));
        var authorization = SigV4Signer.AuthorizationHeader(_accessKey, scope, SignedHeaders, signature);
        _lastSigned = new SignedRequest(amzDate, target, body, authorization);
        return authorization;
    }

    private byte[] SigningKey(string scopeDate)
    {
        var cached = _signingKey;
        if (cached.Date == scopeDate)
        {
            return cached.Key;
        }

        var key = SigV4Signer.DeriveSigningKey(_secretKey, scopeDate, _region, "kms");
        _signingKey = (scopeDate, key);
        return key;
    }

    /// <summary>One signed request's date, target, body and Authorization header; replaced whole, never torn.</summary>
    private sealed record SignedRequest(string AmzDate, string Target, byte[] Body, string Authorization);
}
