using System.Net;
using System.Text.Json;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Services.Kms;

public sealed class KmsManagementOperationTests
{
    [Theory]
    [InlineData("ScheduleKeyDeletion", "\"PendingWindowInDays\":6", "ValidationException", "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7")]
    [InlineData("ScheduleKeyDeletion", "\"PendingWindowInDays\":31", "ValidationException", "1 validation error detected: Value '31' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30")]
    [InlineData("EnableKeyRotation", "\"RotationPeriodInDays\":89", "ValidationException", "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90")]
    [InlineData("EnableKeyRotation", "\"RotationPeriodInDays\":2561", "ValidationException", "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560")]
    [InlineData("GetKeyPolicy", "\"PolicyName\":\"other\"", "NotFoundException", "No such policy exists: other")]
    [InlineData("ScheduleKeyDeletion", "\"PendingWindowInDays\":\"7\"", "SerializationException", null)]
    [InlineData("UpdateKeyDescription", "\"Description\":5", "SerializationException", null)]
    [InlineData("UntagResource", "\"TagKeys\":\"a\"", "SerializationException", null)]
    [InlineData("ListResourceTags", "\"Limit\":51", "ValidationException", null)]
    [InlineData("ListKeyRotations", "\"IncludeKeyMaterial\":\"SOME\"", "ValidationException", null)]
    public async Task Operation_WithAnInvalidField_IsRefusedWithAwsError(string operation, string field, string code, string? message)
    {
        await using var server = await CofferTestServer.StartAsync();
        var keyId = await CreateKeyAsync(server);

        using var response = await SendAsync(server, operation, $$"""{"KeyId":"{{keyId}}",{{field}}}""");

        var actual = await WireAssert.JsonErrorAsync(response, HttpStatusCode.BadRequest, code);
        if (message is not null)
        {
            Assert.Equal(message, actual);
        }
    }

    [Theory]
    [InlineData("{\"AliasName\":\"alias/aws/x\",\"TargetKeyId\":\"KEY\"}", "NotAuthorizedException")]
    [InlineData("{\"AliasName\":\"alias/bad name\",\"TargetKeyId\":\"KEY\"}", "ValidationException")]
    [InlineData("{\"AliasName\":\"app\",\"TargetKeyId\":\"KEY\"}", "InvalidAliasNameException")]
    [InlineData("{\"AliasName\":\"alias/app\",\"TargetKeyId\":\"alias/other\"}", "NotFoundException")]
    [InlineData("{\"AliasName\":\"alias/app\"}", "ValidationException")]
    [InlineData("{\"AliasName\":7,\"TargetKeyId\":\"KEY\"}", "SerializationException")]
    public async Task CreateAlias_WithABadRequest_IsRefused(string body, string code)
    {
        await using var server = await CofferTestServer.StartAsync();
        var keyId = await CreateKeyAsync(server);

        using var response = await SendAsync(server, "CreateAlias", body.Replace("KEY", keyId, StringComparison.Ordinal));

        await WireAssert.JsonErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task ScheduleAndCancelKeyDeletion_ReturnAwsShapes()
    {
        await using var server = await CofferTestServer.StartAsync();
        var keyId = await CreateKeyAsync(server);

        using var scheduled = await OkAsync(server, "ScheduleKeyDeletion", $$"""{"KeyId":"{{keyId}}"}""");
        using var cancelled = await OkAsync(server, "CancelKeyDeletion", $$"""{"KeyId":"{{keyId}}"}""");
        using var again = await SendAsync(server, "CancelKeyDeletion", $$"""{"KeyId":"{{keyId}}"}""");
        using var described = await OkAsync(server, "DescribeKey", $$"""{"KeyId":"{{keyId}}"}""");

        var root = scheduled.RootElement;
        var arn = root.GetProperty("KeyId").GetString()!;
        Assert.EndsWith(":key/" + keyId, arn, StringComparison.Ordinal);
        Assert.Equal(["KeyId", "DeletionDate", "KeyState", "PendingWindowInDays"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("PendingDeletion", 30), (root.GetProperty("KeyState").GetString(), root.GetProperty("PendingWindowInDays").GetInt32()));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("DeletionDate").ValueKind);
        Assert.Equal(arn, cancelled.RootElement.GetProperty("KeyId").GetString());
        Assert.Equal($"{arn} is not pending deletion.", await WireAssert.JsonErrorAsync(again, HttpStatusCode.BadRequest, "KMSInvalidStateException"));
        Assert.Equal("Disabled", described.RootElement.GetProperty("KeyMetadata").GetProperty("KeyState").GetString());
    }

    [Fact]
    public async Task DisableKey_ThenEncrypt_IsDisabledException_AndEnableKeyRestoresIt()
    {
        await using var server = await CofferTestServer.StartAsync();
        var keyId = await CreateKeyAsync(server);

        using var disabled = await OkAsync(server, "DisableKey", $$"""{"KeyId":"{{keyId}}"}""");
        using var refused = await SendAsync(server, "Encrypt", $$"""{"KeyId":"{{keyId}}","Plaintext":"AQID"}""");
        using var enabled = await OkAsync(server, "EnableKey", $$"""{"KeyId":"{{keyId}}"}""");
        using var encrypted = await OkAsync(server, "Encrypt", $$"""{"KeyId":"{{keyId}}","Plaintext":"AQID"}""");

        Assert.Empty(disabled.RootElement.EnumerateObject());
        Assert.EndsWith(" is disabled.", await WireAssert.JsonErrorAsync(refused, HttpStatusCode.BadRequest, "DisabledException"), StringComparison.Ordinal);
        Assert.True(encrypted.RootElement.TryGetProperty("CiphertextBlob", out _));
    }

    [Fact]
    public async Task Aliases_PoliciesTagsAndRotations_ReturnAwsShapes()
    {
        await using var server = await CofferTestServer.StartAsync();
        var keyId = await CreateKeyAsync(server);
        var key = $$"""{"KeyId":"{{keyId}}"}""";

        using var _1 = await OkAsync(server, "CreateAlias", $$"""{"AliasName":"alias/app","TargetKeyId":"{{keyId}}"}""");
        using var aliases = await OkAsync(server, "ListAliases", $$"""{"KeyId":"{{keyId}}"}""");
        using var policy = await OkAsync(server, "GetKeyPolicy", key);
        using var policies = await OkAsync(server, "ListKeyPolicies", key);
        using var _2 = await OkAsync(server, "TagResource", $$"""{"KeyId":"{{keyId}}","Tags":[{"TagKey":"team","TagValue":"a"}]}""");
        using var tags = await OkAsync(server, "ListResourceTags", key);
        using var _3 = await OkAsync(server, "EnableKeyRotation", $$"""{"KeyId":"{{keyId}}","RotationPeriodInDays":90}""");
        using var status = await OkAsync(server, "GetKeyRotationStatus", key);
        using var rotated = await OkAsync(server, "RotateKeyOnDemand", key);
        using var rotations = await OkAsync(server, "ListKeyRotations", key);

        var alias = Assert.Single(aliases.RootElement.GetProperty("Aliases").EnumerateArray());
        Assert.Equal(["AliasName", "AliasArn", "TargetKeyId", "CreationDate", "LastUpdatedDate"], alias.EnumerateObject().Select(p => p.Name));
        Assert.False(aliases.RootElement.GetProperty("Truncated").GetBoolean());
        Assert.Contains("\"Sid\" : \"Enable IAM User Permissions\"", policy.RootElement.GetProperty("Policy").GetString(), StringComparison.Ordinal);
        Assert.Equal("default", policy.RootElement.GetProperty("PolicyName").GetString());
        Assert.Equal("[\"default\"]", policies.RootElement.GetProperty("PolicyNames").GetRawText());
        Assert.Equal("""[{"TagKey":"team","TagValue":"a"}]""", tags.RootElement.GetProperty("Tags").GetRawText());
        Assert.Equal(["KeyRotationEnabled", "KeyId", "RotationPeriodInDays", "NextRotationDate"], status.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(keyId, rotated.RootElement.GetProperty("KeyId").GetString());
        var rotation = Assert.Single(rotations.RootElement.GetProperty("Rotations").EnumerateArray());
        Assert.Equal(("ON_DEMAND", "CURRENT", keyId), (rotation.GetProperty("RotationType").GetString(), rotation.GetProperty("KeyMaterialState").GetString(), rotation.GetProperty("KeyId").GetString()));
    }

    private static async Task<HttpResponseMessage> SendAsync(CofferTestServer server, string operation, string json) =>
        await server.Client.SendAsync(await server.Signer().JsonAsync("kms", "TrentService." + operation, json));

    private static async Task<JsonDocument> OkAsync(CofferTestServer server, string operation, string json)
    {
        using var response = await SendAsync(server, operation, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body.Length == 0 ? "{}" : body);
    }

    private static async Task<string> CreateKeyAsync(CofferTestServer server)
    {
        using var created = await OkAsync(server, "CreateKey", "{}");
        return created.RootElement.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
    }
}
