using System.Globalization;
using System.Net;
using Coffer.Protocols.Http;
using Coffer.Protocols.SigV4;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Server.Tests.Edge;

/// <summary>Presigned query-string requests (<c>X-Amz-Signature</c>), signed with only <c>host</c> and the empty-body hash.</summary>
public sealed partial class SigV4AuthenticationTests
{
    private const string GetCallerIdentityQuery = "Action=GetCallerIdentity&Version=2011-06-15";

    [Fact]
    public async Task Presigned_Valid_Returns200()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);

        using var response = await server.Client.GetAsync(Presign(server, ServerTime, 60));

        await CallerIdentityResponse.ReadAsync(response);
    }

    [Fact]
    public async Task Presigned_AtExactlyItsExpiry_IsAccepted()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);
        var url = Presign(server, ServerTime, 60);
        time.Advance(TimeSpan.FromSeconds(60));

        using var response = await server.Client.GetAsync(url);

        await CallerIdentityResponse.ReadAsync(response);
    }

    [Fact]
    public async Task Presigned_OneSecondPastItsExpiry_IsRequestExpired()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);
        var url = Presign(server, ServerTime, 60);
        time.Advance(TimeSpan.FromSeconds(61));

        using var response = await server.Client.GetAsync(url);

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "RequestExpired");
        Assert.Equal("Request has expired: it was signed at 20250301T120000Z and was valid for 60 seconds; the server's time is 20250301T120101Z.", message);
    }

    [Fact]
    public async Task Presigned_SignedMoreThan15MinutesAhead_IsRequestExpired()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);

        using var response = await server.Client.GetAsync(Presign(server, ServerTime + TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1), 60));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "RequestExpired");
        Assert.StartsWith("Request is not yet valid", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presigned_ExpiresExactlySevenDays_IsAccepted()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);

        using var response = await server.Client.GetAsync(Presign(server, ServerTime, 604_800));

        await CallerIdentityResponse.ReadAsync(response);
    }

    [Fact]
    public async Task Presigned_ExpiresSevenDaysAndOneSecond_IsIncompleteSignature()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);

        using var response = await server.Client.GetAsync(Presign(server, ServerTime, 604_801));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "IncompleteSignature");
        Assert.Equal("X-Amz-Expires must be a whole number of seconds from 1 to 604800.", message);
    }

    [Fact]
    public async Task Presigned_WithParameterAddedAfterSigning_IsSignatureDoesNotMatch()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);

        using var response = await server.Client.GetAsync(Presign(server, ServerTime, 60) + "&Extra=1");

        await WireAssert.QueryErrorAsync(response, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
    }

    [Fact]
    public async Task Presigned_WithAuthorizationHeaderToo_IsIncompleteSignature()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);
        var request = new HttpRequestMessage(HttpMethod.Get, server.At(Presign(server, ServerTime, 60)));
        ShapedRequests.SetAuthorization(request, $"AWS4-HMAC-SHA256 Credential={server.AccessKeyId}/20250301/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature={new string('0', 64)}");

        using var response = await server.Client.SendAsync(request);

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "IncompleteSignature");
        Assert.StartsWith("Only one auth mechanism allowed", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presigned_WithSecurityTokenParameter_IsRefusedSayingSessionTokensAreNotSupported()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);

        using var response = await server.Client.GetAsync(Presign(server, ServerTime, 60) + "&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLETOKEN");

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.Forbidden, "InvalidClientTokenId");
        Assert.StartsWith("Session tokens are not supported", message, StringComparison.Ordinal);
    }

    /// <summary>A presigned GET path and query for GetCallerIdentity, built as the AWS SDKs build one for non-S3 services.</summary>
    private static string Presign(CofferTestServer server, DateTimeOffset at, int expiresSeconds)
    {
        var uri = new Uri(server.BaseUrl);
        var amzDate = at.UtcDateTime.ToString(SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture);
        var scopeDate = at.UtcDateTime.ToString(SigV4Constants.DateFormat, CultureInfo.InvariantCulture);
        var scope = $"{scopeDate}/us-east-1/sts/{SigV4Constants.Terminator}";
        Assert.True(QueryStringParser.TryParse(GetCallerIdentityQuery, out var pairs, out _));
        pairs.Add(new("X-Amz-Algorithm", SigV4Constants.Algorithm));
        pairs.Add(new("X-Amz-Credential", $"{server.AccessKeyId}/{scope}"));
        pairs.Add(new("X-Amz-Date", amzDate));
        pairs.Add(new("X-Amz-Expires", expiresSeconds.ToString(CultureInfo.InvariantCulture)));
        pairs.Add(new("X-Amz-SignedHeaders", "host"));
        var headers = new HeaderDictionary { ["host"] = $"{uri.Host}:{uri.Port}" };
        var canonical = CanonicalRequest.Build("GET", "/", pairs, headers, ["host"], SigV4Constants.EmptyBodyHash);
        var key = SigV4Signer.DeriveSigningKey(server.SecretAccessKey, scopeDate, "us-east-1", "sts");
        pairs.Add(new("X-Amz-Signature", SigV4Signer.ComputeSignature(key, SigV4Signer.StringToSign(amzDate, scope, canonical))));
        return "/?" + string.Join('&', pairs.Select(p => UriEncoding.Encode(p.Key) + "=" + UriEncoding.Encode(p.Value)));
    }
}
