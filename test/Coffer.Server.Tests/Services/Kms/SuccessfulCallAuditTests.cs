using System.Net;
using System.Text.Json;
using Coffer.Audit;
using Coffer.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests.Services.Kms;

/// <summary>A successful call on a key names it in the audit trail even when the operation returns no key.</summary>
public sealed class SuccessfulCallAuditTests
{
    private const string LookupTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";

    [Fact]
    public async Task KeyManagementCallsWithoutAKeyInTheirResponse_AreFoundByTheKey()
    {
        await using var server = await CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var key = await kms.CreateKeyAsync();
        await kms.CallAsync("TagResource", $$"""{"KeyId":"{{key}}","Tags":[{"TagKey":"team","TagValue":"a"}]}""");
        await kms.CallAsync("ListResourceTags", $$"""{"KeyId":"{{key}}"}""");
        await kms.CallAsync("UntagResource", $$"""{"KeyId":"{{key}}","TagKeys":["team"]}""");
        await kms.CallAsync("GetKeyPolicy", $$"""{"KeyId":"{{key}}","PolicyName":"default"}""");
        await kms.CallAsync("ListKeyPolicies", $$"""{"KeyId":"{{key}}"}""");
        await kms.CallAsync("ListKeyRotations", $$"""{"KeyId":"{{key}}"}""");
        await server.Services.GetRequiredService<AuditTrail>().FlushAsync();

        using var response = await server.Client.SendAsync(await server.Signer().JsonAsync("cloudtrail", LookupTarget, $$"""{"LookupAttributes":[{"AttributeKey":"ResourceName","AttributeValue":"{{key}}"}]}"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var names = JsonDocument.Parse(body).RootElement.GetProperty("Events").EnumerateArray()
            .Select(e => e.GetProperty("EventName").GetString())
            .ToList();

        Assert.Equal(["ListKeyRotations", "ListKeyPolicies", "GetKeyPolicy", "UntagResource", "ListResourceTags", "TagResource", "CreateKey"], names);
    }
}
