using System.Text.Json;
using Coffer.Audit;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Compatibility.Tests;

/// <summary><c>aws cloudtrail lookup-events</c> against events recorded in-process, as KMS will record them.</summary>
[Trait("Category", "Slow")]
public sealed class CloudTrailCliTests
{
    private static async Task<(AwsCli Aws, string Account)> StartAsync(CofferTestServer server)
    {
        var aws = new AwsCli(server.AwsEnvironment);
        var account = CallerIdentity.AssertAdmin(await aws.RunJsonAsync("sts", "get-caller-identity"));
        return (aws, account);
    }

    [Fact]
    public async Task LookupEvents_ByResourceNameWithPageSizeTwo_AutoPaginatesToEveryMatchingEvent()
    {
        await using var server = await CofferTestServer.StartAsync();
        var (aws, account) = await StartAsync(server);
        var trail = server.Services.GetRequiredService<AuditTrail>();
        var key = $"arn:aws:kms:eu-west-1:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var other = $"arn:aws:kms:eu-west-1:{account}:key/0000abcd-12ab-34cd-56ef-1234567890ab";
        var now = TimeProvider.System.GetUtcNow();
        var expected = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var e = AuditSamples.KmsCall(account, key, now.AddMinutes(i - 30), region: "eu-west-1");
            expected.Insert(0, e.EventId);
            await trail.RecordAsync(e);
            await trail.RecordAsync(AuditSamples.KmsCall(account, other, now.AddMinutes(i - 30), region: "eu-west-1"));
        }

        await trail.FlushAsync();

        var output = await aws.RunJsonAsync(
            "cloudtrail", "lookup-events", "--lookup-attributes", $"AttributeKey=ResourceName,AttributeValue={key}", "--page-size", "2");

        var events = output.GetProperty("Events").EnumerateArray().ToList();
        Assert.Equal(expected, events.Select(e => e.GetProperty("EventId").GetString()));
        Assert.False(output.TryGetProperty("NextToken", out _));
        Assert.All(events, e =>
        {
            Assert.Equal("true", e.GetProperty("ReadOnly").GetString());
            Assert.Equal(key, Assert.Single(e.GetProperty("Resources").EnumerateArray()).GetProperty("ResourceName").GetString());
            using var record = JsonDocument.Parse(e.GetProperty("CloudTrailEvent").GetString()!);
            Assert.Equal(e.GetProperty("EventId").GetString(), record.RootElement.GetProperty("eventID").GetString());
        });
    }

    [Fact]
    public async Task LookupEvents_StartTimeAfterEndTime_FailsWithInvalidTimeRangeException()
    {
        await using var server = await CofferTestServer.StartAsync();
        var (aws, _) = await StartAsync(server);

        var result = await aws.RunAsync("cloudtrail", "lookup-events", "--start-time", "2026-01-02T00:00:00Z", "--end-time", "2026-01-01T00:00:00Z");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("(InvalidTimeRangeException)", result.StandardError, StringComparison.Ordinal);
    }
}
