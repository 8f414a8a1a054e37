using System.Net;
using System.Text;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Edge;

/// <summary>
/// Bodies up to <c>Coffer:MaxRequestBodyBytes</c> are read; one byte more is a 413 in the protocol's shape, whether the
/// client declares a Content-Length or streams the body chunked.
/// </summary>
public sealed class BodyLimitTests
{
    private const int Limit = 65_536;
    private const string LimitArgument = "--Coffer:MaxRequestBodyBytes=65536";

    [Theory]
    [InlineData(WireShape.Query, false)]
    [InlineData(WireShape.Query, true)]
    [InlineData(WireShape.Json, false)]
    [InlineData(WireShape.Json, true)]
    [InlineData(WireShape.RestJson, false)]
    [InlineData(WireShape.RestJson, true)]
    public async Task Body_ExactlyAtLimit_IsReadAndAuthenticated(WireShape shape, bool chunked)
    {
        await using var server = await CofferTestServer.StartAsync(args: [LimitArgument]);

        using var response = await SendAsync(server, shape, PaddedBody(shape, Limit), chunked);

        await WireAssert.AuthenticatedAsync(response, shape);
    }

    [Theory]
    [InlineData(WireShape.Query, false, "RequestEntityTooLarge")]
    [InlineData(WireShape.Query, true, "RequestEntityTooLarge")]
    [InlineData(WireShape.Json, false, "RequestEntityTooLargeException")]
    [InlineData(WireShape.Json, true, "RequestEntityTooLargeException")]
    [InlineData(WireShape.RestJson, false, "RequestEntityTooLargeException")]
    [InlineData(WireShape.RestJson, true, "RequestEntityTooLargeException")]
    public async Task Body_OneByteOverLimit_IsRequestEntityTooLarge(WireShape shape, bool chunked, string code)
    {
        await using var server = await CofferTestServer.StartAsync(args: [LimitArgument]);

        using var response = await SendAsync(server, shape, PaddedBody(shape, Limit + 1), chunked);

        var message = await WireAssert.ErrorAsync(response, shape, HttpStatusCode.RequestEntityTooLarge, code);
        Assert.Equal("The request body is larger than the 65536-byte limit (setting Coffer:MaxRequestBodyBytes).", message);
    }

    [Fact]
    public async Task UnsignedBody_OverLimitWithContentLength_IsRefusedBeforeAuthentication()
    {
        await using var server = await CofferTestServer.StartAsync(args: [LimitArgument]);

        using var response = await server.Client.SendAsync(ShapedRequests.Unsigned(server, WireShape.Query, PaddedBody(WireShape.Query, Limit + 1)));

        await WireAssert.QueryErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
    }

    [Fact]
    public async Task DefaultLimit_ExactlyEightMebibytes_IsAccepted()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await SendAsync(server, WireShape.Query, PaddedBody(WireShape.Query, 8 * 1024 * 1024), chunked: false);

        await CallerIdentityResponse.ReadAsync(response);
    }

    [Fact]
    public async Task DefaultLimit_EightMebibytesAndOneByte_IsRequestEntityTooLarge()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await SendAsync(server, WireShape.Query, PaddedBody(WireShape.Query, (8 * 1024 * 1024) + 1), chunked: false, expectContinue: true);

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        Assert.Equal("The request body is larger than the 8388608-byte limit (setting Coffer:MaxRequestBodyBytes).", message);
    }

    /// <summary>The shape's usual body, padded with an ignored member to exactly <paramref name="length"/> bytes.</summary>
    private static string PaddedBody(WireShape shape, int length)
    {
        var (prefix, suffix) = shape == WireShape.Query
            ? (ShapedRequests.GetCallerIdentityForm + "&Pad=", string.Empty)
            : ("{\"Pad\":\"", "\"}");
        var body = prefix + new string('a', length - prefix.Length - suffix.Length) + suffix;
        Assert.Equal(length, Encoding.UTF8.GetByteCount(body));
        return body;
    }

    /// <summary>Sends a correctly signed request, with a Content-Length or chunked from a stream of unknown length.</summary>
    /// <remarks>
    /// With <paramref name="expectContinue"/> the client waits for <c>100 Continue</c> before sending the body, as SDKs do
    /// for large uploads: the server answers 413 from the Content-Length alone, and closes the connection without
    /// reading a body it would refuse, so a client that kept sending megabytes would see the connection reset instead.
    /// </remarks>
    private static async Task<HttpResponseMessage> SendAsync(CofferTestServer server, WireShape shape, string body, bool chunked, bool expectContinue = false)
    {
        var request = await ShapedRequests.SignedAsync(server, server.Signer(), shape, body: body);
        request.Headers.ExpectContinue = expectContinue;
        if (chunked)
        {
            var contentType = request.Content!.Headers.ContentType;
            request.Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(body)));
            request.Content.Headers.ContentType = contentType;
            request.Headers.TransferEncodingChunked = true;
            Assert.Null(request.Content.Headers.ContentLength);
        }
        else
        {
            Assert.Equal(Encoding.UTF8.GetByteCount(body), request.Content!.Headers.ContentLength);
        }

        return await server.Client.SendAsync(request);
    }
}
