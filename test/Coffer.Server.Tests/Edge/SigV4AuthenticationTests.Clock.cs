using System.Net;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Server.Tests.Edge;

/// <summary>Clock skew: a header-signed request may be at most 15 minutes away from the server's clock, either way.</summary>
public sealed partial class SigV4AuthenticationTests
{
    private static readonly DateTimeOffset ServerTime = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(WireShape.Query, -1)]
    [InlineData(WireShape.Query, 1)]
    [InlineData(WireShape.Json, -1)]
    [InlineData(WireShape.Json, 1)]
    [InlineData(WireShape.RestJson, -1)]
    [InlineData(WireShape.RestJson, 1)]
    public async Task Request_SignedExactly15MinutesFromServerTime_IsAccepted(WireShape shape, int direction)
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);
        var at = ServerTime + (direction * TimeSpan.FromMinutes(15));

        using var response = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(time), shape, at: at));

        await WireAssert.AuthenticatedAsync(response, shape);
    }

    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.BadRequest, "RequestExpired")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "InvalidSignatureException")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "InvalidSignatureException")]
    public async Task Request_Signed15MinutesAnd1SecondBeforeServerTime_IsExpired(WireShape shape, HttpStatusCode status, string code)
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);
        var at = ServerTime - TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1);

        using var response = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(time), shape, at: at));

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.Equal("Signature expired: 20250301T114459Z is now earlier than 20250301T114500Z (20250301T120000Z - 15 min.)", message);
    }

    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.BadRequest, "RequestExpired")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "InvalidSignatureException")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "InvalidSignatureException")]
    public async Task Request_Signed15MinutesAnd1SecondAfterServerTime_IsNotYetCurrent(WireShape shape, HttpStatusCode status, string code)
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);
        var at = ServerTime + TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1);

        using var response = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(time), shape, at: at));

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.Equal("Signature not yet current: 20250301T121501Z is still later than 20250301T121500Z (20250301T120000Z + 15 min.)", message);
    }

    [Fact]
    public async Task Request_ValidWhenSent_ExpiresOnceServerClockMovesPast15Minutes()
    {
        var time = new FakeTimeProvider(ServerTime);
        await using var server = await CofferTestServer.StartAsync(time);
        var form = ShapedRequests.GetCallerIdentityForm;

        time.Advance(TimeSpan.FromMinutes(15));
        using var atLimit = await server.Client.SendAsync(await server.Signer(time).QueryAsync("sts", form, at: ServerTime));
        time.Advance(TimeSpan.FromSeconds(1));
        using var pastLimit = await server.Client.SendAsync(await server.Signer(time).QueryAsync("sts", form, at: ServerTime));

        await CallerIdentityResponse.ReadAsync(atLimit);
        await WireAssert.QueryErrorAsync(pastLimit, HttpStatusCode.BadRequest, "RequestExpired");
    }
}
