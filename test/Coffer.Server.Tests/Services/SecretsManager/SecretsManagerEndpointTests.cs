using System.Net;
using System.Text.Json;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Services.SecretsManager;

/// <summary>The <c>secretsmanager</c> endpoint's wire: bad input is a clear 4xx in the JSON 1.1 error shape, never an echo of a value.</summary>
public sealed class SecretsManagerEndpointTests
{
    private static async Task<HttpResponseMessage> CallAsync(CofferTestServer server, string operation, string json) =>
        await server.Client.SendAsync(await server.Signer().JsonAsync("secretsmanager", $"secretsmanager.{operation}", json));

    [Fact]
    public async Task CreateSecret_ThenGetSecretValue_AnswersAwsShapes()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var created = await CallAsync(server, "CreateSecret", """{"Name":"wire","SecretString":"v","ClientRequestToken":"00000000-0000-0000-0000-000000000001"}""");
        using var read = await CallAsync(server, "GetSecretValue", """{"SecretId":"wire"}""");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal(["ARN", "Name", "VersionId"], createdBody.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("00000000-0000-0000-0000-000000000001", createdBody.RootElement.GetProperty("VersionId").GetString());
        using var readBody = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        Assert.Equal(["ARN", "Name", "VersionId", "SecretString", "VersionStages", "CreatedDate"], readBody.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, readBody.RootElement.GetProperty("CreatedDate").ValueKind);
    }

    [Theory]
    [InlineData("CreateSecret", """{"Name":"x","SecretString":"v","SecretBinary":"dg=="}""", "InvalidParameterException")]
    [InlineData("CreateSecret", """{"Name":"with space","SecretString":"v"}""", "InvalidParameterException")]
    [InlineData("CreateSecret", """{"SecretString":"v"}""", "ValidationException")]
    [InlineData("CreateSecret", """{"Name":"x","ClientRequestToken":"short"}""", "ValidationException")]
    [InlineData("CreateSecret", """{"Name":7}""", "SerializationException")]
    [InlineData("CreateSecret", """{"Name":"x","SecretBinary":"not base64!"}""", "SerializationException")]
    [InlineData("GetSecretValue", """{"SecretId":"nope"}""", "ResourceNotFoundException")]
    [InlineData("GetSecretValue", """{"SecretId":"arn:aws:secretsmanager:us-east-1:999999999999:secret:other"}""", "ResourceNotFoundException")]
    [InlineData("DeleteSecret", """{"SecretId":"nope","RecoveryWindowInDays":6}""", "InvalidParameterException")]
    [InlineData("ListSecrets", """{"MaxResults":101}""", "ValidationException")]
    [InlineData("ListSecrets", """{"Filters":[{"Key":"colour","Values":["x"]}]}""", "ValidationException")]
    [InlineData("ListSecrets", """{"NextToken":"garbage"}""", "InvalidNextTokenException")]
    [InlineData("RotateSecret", """{"SecretId":"x"}""", "UnknownOperationException")]
    public async Task BadInput_IsA400WithAwsCode(string operation, string json, string code)
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await CallAsync(server, operation, json);

        await WireAssert.JsonErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task SecretString_OverTheLimit_IsValidationExceptionWithoutTheValue()
    {
        await using var server = await CofferTestServer.StartAsync();
        var value = "Z" + new string('q', 65536);

        using var response = await CallAsync(server, "CreateSecret", $$"""{"Name":"big","SecretString":"{{value}}"}""");

        var message = await WireAssert.JsonErrorAsync(response, HttpStatusCode.BadRequest, "ValidationException");
        Assert.DoesNotContain("Zqqq", message, StringComparison.Ordinal);
    }
}
