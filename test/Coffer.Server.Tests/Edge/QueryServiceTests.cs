using System.Net;
using System.Text;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Edge;

/// <summary>AWS Query parameter handling, through STS: every malformed request is a 400 in the Query error shape.</summary>
public sealed class QueryServiceTests
{
    [Fact]
    public async Task Request_WithUnknownAction_IsInvalidAction()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", "Action=Nope&Version=2011-06-15"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "InvalidAction");
        Assert.Equal("Could not find operation Nope for version 2011-06-15.", message);
    }

    [Fact]
    public async Task Request_WithoutAction_IsMissingAction()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", "Version=2011-06-15"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "MissingAction");
        Assert.Equal("The request must contain the parameter Action.", message);
    }

    [Fact]
    public async Task Request_WithEmptyAction_IsMissingAction()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", "Action=&Version=2011-06-15"));

        await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "MissingAction");
    }

    [Fact]
    public async Task Request_WithoutVersion_IsMissingParameterVersion()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", "Action=GetCallerIdentity"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "MissingParameter");
        Assert.Equal("The request must contain the parameter Version.", message);
    }

    [Fact]
    public async Task Request_WithWrongVersion_IsInvalidAction()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", "Action=GetCallerIdentity&Version=2010-01-01"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "InvalidAction");
        Assert.Equal("Could not find operation GetCallerIdentity for version 2010-01-01.", message);
    }

    [Fact]
    public async Task Request_WithParameterTwiceInBody_IsMalformedQueryString()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", "Action=GetCallerIdentity&Version=2011-06-15&Version=2011-06-15"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "MalformedQueryString");
        Assert.Equal("Parameter 'Version' is given more than once.", message);
    }

    [Fact]
    public async Task Request_WithParameterInBothQueryStringAndBody_IsMalformedQueryString()
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, server.At("/?Action=GetCallerIdentity"))
        {
            Content = new StringContent(ShapedRequests.GetCallerIdentityForm, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        using var response = await server.Client.SendAsync(await server.Signer().SignAsync(request, "sts"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "MalformedQueryString");
        Assert.Equal("Parameter 'Action' is given more than once.", message);
    }

    [Fact]
    public async Task Request_WithBadPercentEncodingInBody_IsMalformedQueryString()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", "Action=%zz"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "MalformedQueryString");
        Assert.Equal("The request body is not valid form encoding near 'Action=%zz'.", message);
    }

    [Fact]
    public async Task Request_WithJsonBodyForQueryService_IsMalformedQueryString()
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, server.At("/"))
        {
            Content = new StringContent("{\"Action\":\"GetCallerIdentity\"}", Encoding.UTF8, "application/json"),
        };

        using var response = await server.Client.SendAsync(await server.Signer().SignAsync(request, "sts"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "MalformedQueryString");
        Assert.Contains("application/x-www-form-urlencoded", message, StringComparison.Ordinal);
        Assert.Contains("'application/json; charset=utf-8'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithExtraUnknownParameter_IsIgnoredAndSucceeds()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", ShapedRequests.GetCallerIdentityForm + "&Unused=1"));

        await CallerIdentityResponse.ReadAsync(response);
    }
}
