using System.Text.Json;

namespace Coffer.Server.Tests.Services.Kms;

public sealed class GrantOperationTests
{
    private const string Grantee = "arn:aws:iam::444455556666:user/bob";

    [Fact]
    public async Task CreateGrant_ThenListRetireAndRevoke_FollowTheAwsShapes()
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var arn = await kms.CreateKeyAsync();
        var account = arn.Split(':')[4];

        var created = await kms.CallAsync("CreateGrant", $$"""
            {"KeyId":"{{arn}}","GranteePrincipal":"{{Grantee}}","RetiringPrincipal":"arn:aws:iam::{{account}}:user/admin",
             "Operations":["Encrypt","Decrypt"],"Name":"my-grant","Constraints":{"EncryptionContextSubset":{"a":"1"} } }
            """);
        var grantId = created.GetProperty("GrantId").GetString()!;
        var listed = await kms.CallAsync("ListGrants", $$"""{"KeyId":"{{arn}}"}""");
        var retirable = await kms.CallAsync("ListRetirableGrants", $$"""{"RetiringPrincipal":"arn:aws:iam::{{account}}:user/admin"}""");
        var second = await kms.CallAsync("CreateGrant", $$"""{"KeyId":"{{arn}}","GranteePrincipal":"{{Grantee}}","Operations":["Decrypt"]}""");
        await kms.CallAsync("RetireGrant", $$"""{"GrantToken":"{{created.GetProperty("GrantToken").GetString()}}"}""");
        await kms.CallAsync("RevokeGrant", $$"""{"KeyId":"{{arn}}","GrantId":"{{second.GetProperty("GrantId").GetString()}}"}""");
        var after = await kms.CallAsync("ListGrants", $$"""{"KeyId":"{{arn}}"}""");

        Assert.Equal(["GrantToken", "GrantId"], created.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[0-9a-f]{64}$", grantId);
        var grant = Assert.Single(listed.GetProperty("Grants").EnumerateArray());
        Assert.Equal(["KeyId", "GrantId", "Name", "CreationDate", "GranteePrincipal", "RetiringPrincipal", "IssuingAccount", "Operations", "Constraints"], grant.EnumerateObject().Select(p => p.Name));
        Assert.Equal(arn, grant.GetProperty("KeyId").GetString());
        Assert.Equal($"arn:aws:iam::{account}:root", grant.GetProperty("IssuingAccount").GetString());
        Assert.Equal(["Encrypt", "Decrypt"], grant.GetProperty("Operations").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("1", grant.GetProperty("Constraints").GetProperty("EncryptionContextSubset").GetProperty("a").GetString());
        Assert.Equal(JsonValueKind.Number, grant.GetProperty("CreationDate").ValueKind);
        Assert.False(listed.GetProperty("Truncated").GetBoolean());
        Assert.Equal(grantId, Assert.Single(retirable.GetProperty("Grants").EnumerateArray()).GetProperty("GrantId").GetString());
        Assert.Empty(after.GetProperty("Grants").EnumerateArray());
    }

    [Fact]
    public async Task ListGrants_WithALimit_PagesWithNextMarker()
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var arn = await kms.CreateKeyAsync();
        for (var i = 0; i < 3; i++)
        {
            await kms.CallAsync("CreateGrant", $$"""{"KeyId":"{{arn}}","GranteePrincipal":"{{Grantee}}","Operations":["Decrypt"]}""");
        }

        var first = await kms.CallAsync("ListGrants", $$"""{"KeyId":"{{arn}}","Limit":2}""");
        var rest = await kms.CallAsync("ListGrants", $$"""{"KeyId":"{{arn}}","Limit":2,"Marker":"{{first.GetProperty("NextMarker").GetString()}}"}""");

        Assert.True(first.GetProperty("Truncated").GetBoolean());
        Assert.Equal(2, first.GetProperty("Grants").GetArrayLength());
        Assert.False(rest.GetProperty("Truncated").GetBoolean());
        Assert.False(rest.TryGetProperty("NextMarker", out _));
        Assert.Single(rest.GetProperty("Grants").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":["Encrypt","Fly"]}""", "ValidationException", "Member must satisfy enum value set")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":[]}""", "ValidationException", "'operations'")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G"}""", "ValidationException", "Value null at 'operations'")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":"Encrypt"}""", "SerializationException", "Operations")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":["Encrypt"],"Name":"bad name"}""", "ValidationException", "'name'")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"not-an-arn","Operations":["Encrypt"]}""", "ValidationException", "'granteePrincipal'")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":["Encrypt"],"Constraints":{"EncryptionContextSubset":{"a":"1"},"EncryptionContextEquals":{"a":"1"}}}""", "ValidationException", "More than one constraint supplied")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":["Encrypt"],"Constraints":{"EncryptionContextSubset":{"a":1}}}""", "SerializationException", "Constraints.EncryptionContextSubset.a")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":["Encrypt"],"GrantTokens":["t","t","t","t","t","t","t","t","t","t","t"]}""", "ValidationException", "'grantTokens'")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":["Encrypt"],"GrantTokens":["not a token"]}""", "InvalidGrantTokenException", "grant token")]
    [InlineData("""{"KeyId":"alias/x","GranteePrincipal":"G","Operations":["Encrypt"]}""", "NotFoundException", "alias/x")]
    [InlineData("""{"KeyId":"KEY","GranteePrincipal":"G","Operations":["Encrypt"],"DryRun":true}""", "DryRunOperationException", "DryRun")]
    public async Task CreateGrant_WithInvalidInput_FailsAsAws(string json, string code, string expected)
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var arn = await kms.CreateKeyAsync();
        var status = code == "DryRunOperationException" ? System.Net.HttpStatusCode.PreconditionFailed : System.Net.HttpStatusCode.BadRequest;

        var message = await kms.ErrorAsync("CreateGrant", json.Replace("KEY", arn, StringComparison.Ordinal).Replace("\"G\"", $"\"{Grantee}\"", StringComparison.Ordinal), code, status);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RevokeGrant", """{"KeyId":"KEY","GrantId":"0000000000000000000000000000000000000000000000000000000000000000"}""", "NotFoundException")]
    [InlineData("RevokeGrant", """{"KeyId":"KEY","GrantId":"xyz"}""", "InvalidGrantIdException")]
    [InlineData("RevokeGrant", """{"KeyId":"KEY"}""", "ValidationException")]
    [InlineData("RetireGrant", """{"GrantToken":"AAAA"}""", "InvalidGrantTokenException")]
    [InlineData("RetireGrant", """{"KeyId":"KEY"}""", "ValidationException")]
    [InlineData("ListGrants", """{"KeyId":"KEY","Limit":101}""", "ValidationException")]
    [InlineData("ListGrants", """{"KeyId":"KEY","Marker":"bogus"}""", "InvalidMarkerException")]
    [InlineData("ListRetirableGrants", """{}""", "ValidationException")]
    public async Task GrantOperations_WithInvalidInput_FailAsAws(string operation, string json, string code)
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var arn = await kms.CreateKeyAsync();

        await kms.ErrorAsync(operation, json.Replace("KEY", arn, StringComparison.Ordinal), code);
    }
}
