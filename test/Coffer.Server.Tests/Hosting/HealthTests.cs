using System.Net;
using System.Text.Json;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Hosting;

/// <summary><c>GET /_coffer/health</c> is the only unauthenticated page.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Get_WithoutAuthentication_Returns200WithOkStatus()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.GetAsync("/_coffer/health");

        var body = await WireAssert.BodyAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var members = document.RootElement.EnumerateObject().ToList();
        Assert.Equal(["status", "version"], members.Select(m => m.Name));
        Assert.Equal("ok", members[0].Value.GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", members[1].Value.GetString());
    }

    [Fact]
    public async Task Post_ToHealthPath_IsNotTheHealthPageButMissingAuthenticationToken()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.PostAsync("/_coffer/health", new StringContent(string.Empty));

        await WireAssert.RestJsonErrorAsync(response, HttpStatusCode.Forbidden, "MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task Get_WithoutAuthentication_HasNoServerHeader()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.GetAsync("/_coffer/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
    }
}
