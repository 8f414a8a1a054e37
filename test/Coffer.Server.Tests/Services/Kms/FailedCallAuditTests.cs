using System.Net;
using System.Text.Json;
using Coffer.Audit;
using Coffer.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests.Services.Kms;

/// <summary>A call that fails still names its key in the audit trail, so a lookup by the key finds it, as in CloudTrail.</summary>
public sealed class FailedCallAuditTests
{
    private const string LookupTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";

    [Fact]
    public async Task DecryptWithADisabledKeyAndEncryptNamingIt_AreFoundByTheKeyWithTheirErrors()
    {
        await using var server = await CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var key = await kms.CreateKeyAsync();
        var blob = (await kms.CallAsync("Encrypt", $$"""{"KeyId":"{{key}}","Plaintext":"aGVsbG8="}""")).GetProperty("CiphertextBlob").GetString();
        await kms.CallAsync("DisableKey", $$"""{"KeyId":"{{key}}"}""");

        await kms.ErrorAsync("Decrypt", $$"""{"CiphertextBlob":"{{blob}}"}""", "DisabledException");
        await kms.ErrorAsync("Encrypt", $$"""{"KeyId":"{{key}}","Plaintext":"aGVsbG8="}""", "DisabledException");
        await server.Services.GetRequiredService<AuditTrail>().FlushAsync();

        using var response = await server.Client.SendAsync(await server.Signer().JsonAsync("cloudtrail", LookupTarget, $$"""{"LookupAttributes":[{"AttributeKey":"ResourceName","AttributeValue":"{{key}}"}]}"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var failed = JsonDocument.Parse(body).RootElement.GetProperty("Events").EnumerateArray()
            .Select(e => JsonDocument.Parse(e.GetProperty("CloudTrailEvent").GetString()!).RootElement)
            .Where(r => r.TryGetProperty("errorCode", out _))
            .Select(r => (r.GetProperty("eventName").GetString(), r.GetProperty("errorCode").GetString()))
            .ToList();

        Assert.Equal([("Encrypt", "DisabledException"), ("Decrypt", "DisabledException")], failed);
    }
}
