using System.Net;
using System.Text.Json;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Services.Kms;

/// <summary>Signed JSON 1.1 requests to a test server's <c>kms</c> endpoint, as the SDKs send them.</summary>
internal sealed class KmsClient(CofferTestServer server)
{
    /// <summary>Sends <c>TrentService.<paramref name="operation"/></c> with <paramref name="json"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(string operation, string json) =>
        await server.Client.SendAsync(await server.Signer().JsonAsync("kms", $"TrentService.{operation}", json));

    /// <summary>Sends and asserts a 200 with a JSON body, which it returns.</summary>
    public async Task<JsonElement> CallAsync(string operation, string json)
    {
        using var response = await SendAsync(operation, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Sends and asserts a 400 JSON 1.1 error of <paramref name="code"/>; returns its message.</summary>
    public async Task<string> ErrorAsync(string operation, string json, string code, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        using var response = await SendAsync(operation, json);
        return await WireAssert.JsonErrorAsync(response, status, code);
    }

    /// <summary>A new symmetric key's ARN.</summary>
    public async Task<string> CreateKeyAsync() => (await CallAsync("CreateKey", "{}")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
}
