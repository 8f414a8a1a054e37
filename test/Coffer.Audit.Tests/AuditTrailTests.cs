using System.Text.Json.Nodes;

namespace Coffer.Audit.Tests;

public sealed class AuditTrailTests
{
    [Fact]
    public async Task RecordAsync_ThenFlush_LookupReturnsTheStoredRecord()
    {
        await using var bed = await AuditTestBed.StartAsync();
        var recorded = bed.Event(time: AuditTestBed.Start.AddMilliseconds(750));

        await bed.Trail.RecordAsync(recorded);
        await bed.Trail.FlushAsync();
        var page = await bed.Trail.LookupAsync(AuditTestBed.Query(), default);

        var found = Assert.Single(page.Events);
        Assert.Null(page.NextToken);
        Assert.Equal(recorded.EventId, found.Event.EventId);
        Assert.Equal(AuditTestBed.Start, found.Event.EventTime);
        Assert.Equal("2026-11-27T12:00:00Z", (string?)JsonNode.Parse(found.Json)!["eventTime"]);
        Assert.Equal(AuditJson.Serialize(recorded with { EventTime = AuditTestBed.Start }), found.Json);
    }

    [Fact]
    public async Task RecordAsync_BelowBatchSizeAndNoTick_IsWrittenOnlyByFlush()
    {
        await using var bed = await AuditTestBed.StartAsync();

        await bed.Trail.RecordAsync(bed.Event());
        var before = await bed.Trail.LookupAsync(AuditTestBed.Query(), default);
        await bed.Trail.FlushAsync();
        var after = await bed.Trail.LookupAsync(AuditTestBed.Query(), default);

        Assert.Empty(before.Events);
        Assert.Single(after.Events);
    }

    [Fact]
    public async Task RecordAsync_ManyConcurrentCallersThroughSmallQueue_AllDurableAfterFlush()
    {
        await using var bed = await AuditTestBed.StartAsync(o =>
        {
            o.BatchSize = 64;
            o.QueueCapacity = 16;
        });
        const int Callers = 8;
        const int PerCaller = 250;

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < PerCaller; i++)
            {
                await bed.Trail.RecordAsync(bed.Event(eventName: $"Op{c}", time: AuditTestBed.Start.AddSeconds(-i)));
            }
        })));
        await bed.Trail.FlushAsync();

        Assert.Equal(Callers * PerCaller, await bed.CountAsync("audit_events"));
        foreach (var c in Enumerable.Range(0, Callers))
        {
            var found = await bed.LookupAllAsync(AuditTestBed.Query(new AuditLookupFilter(AuditLookupAttributeKey.EventName, $"Op{c}")));
            Assert.Equal(PerCaller, found.Select(r => r.Event.EventId).Distinct().Count());
        }
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedEvents_WritesThemAllBeforeReturning()
    {
        await using var bed = await AuditTestBed.StartAsync(o => o.BatchSize = 1000);
        for (var i = 0; i < 700; i++)
        {
            await bed.Trail.RecordAsync(bed.Event());
        }

        await bed.RestartAsync();

        Assert.Equal(700, await bed.CountAsync("audit_events"));
        Assert.Equal(700, (await bed.LookupAllAsync(AuditTestBed.Query())).Count);
    }

    [Fact]
    public async Task RecordAsync_AfterDispose_ThrowsObjectDisposed()
    {
        await using var bed = await AuditTestBed.StartAsync();
        await bed.Trail.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => bed.Trail.RecordAsync(bed.Event()).AsTask());
    }

    [Fact]
    public async Task RecordAsync_WithoutRecipientAccount_ThrowsArgumentException()
    {
        await using var bed = await AuditTestBed.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => bed.Trail.RecordAsync(bed.Event() with { RecipientAccountId = "12" }).AsTask());
    }

    [Fact]
    public async Task LookupAsync_OtherAccountOrRegion_SeesNoneOfTheEvents()
    {
        await using var bed = await AuditTestBed.StartAsync();
        await bed.Trail.RecordAsync(bed.Event());
        await bed.Trail.RecordAsync(bed.Event(region: "eu-west-1"));
        await bed.Trail.RecordAsync(bed.Event(account: AuditTestBed.OtherAccount));
        await bed.Trail.FlushAsync();

        var mine = await bed.LookupAllAsync(AuditTestBed.Query());
        var theirs = await bed.LookupAllAsync(AuditTestBed.Query(account: AuditTestBed.OtherAccount));
        var euWest = await bed.Trail.LookupAsync(AuditTestBed.Query() with { Region = "eu-west-1" }, default);
        var byKeyFromOtherAccount = await bed.LookupAllAsync(
            AuditTestBed.Query(new AuditLookupFilter(AuditLookupAttributeKey.EventName, "Decrypt"), account: AuditTestBed.OtherAccount));

        Assert.Equal(AuditTestBed.Account.Value, Assert.Single(mine).Event.RecipientAccountId);
        Assert.Equal("us-east-1", mine[0].Event.AwsRegion);
        Assert.Equal(AuditTestBed.OtherAccount.Value, Assert.Single(theirs).Event.RecipientAccountId);
        Assert.Equal("eu-west-1", Assert.Single(euWest.Events).Event.AwsRegion);
        Assert.Equal(AuditTestBed.OtherAccount.Value, Assert.Single(byKeyFromOtherAccount).Event.RecipientAccountId);
    }

    [Fact]
    public async Task RecordAsync_WithSecretBearingFields_StoresThemScrubbedAndLeavesCallerObjectIntact()
    {
        var logger = new CapturingLogger<AuditTrail>();
        await using var bed = await AuditTestBed.StartAsync(logger: logger);
        var parameters = new JsonObject
        {
            ["keyId"] = "alias/app",
            ["Plaintext"] = "c2VjcmV0",
            ["nested"] = new JsonObject { ["CIPHERTEXTBLOB"] = "AQEB", ["kept"] = 1 },
            ["list"] = new JsonArray(new JsonObject { ["grantTokens"] = new JsonArray("t1") }),
        };
        var recorded = bed.Event() with { RequestParameters = parameters, ResponseElements = new JsonObject { ["grantId"] = "g1", ["grantToken"] = "tok" } };

        await bed.Trail.RecordAsync(recorded);
        await bed.Trail.FlushAsync();
        var stored = Assert.Single((await bed.Trail.LookupAsync(AuditTestBed.Query(), default)).Events);

        var json = JsonNode.Parse(stored.Json)!;
        Assert.Equal("""{"keyId":"alias/app","nested":{"kept":1},"list":[{}]}""", json["requestParameters"]!.ToJsonString());
        Assert.Equal("""{"grantId":"g1"}""", json["responseElements"]!.ToJsonString());
        Assert.DoesNotContain("c2VjcmV0", stored.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("AQEB", stored.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("tok", stored.Json, StringComparison.Ordinal);
        Assert.Equal("c2VjcmV0", (string?)parameters["Plaintext"]);
        var warnings = logger.Entries.Where(e => e.EventId == 24).Select(e => e.Message).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.All(warnings, w => Assert.DoesNotContain("c2VjcmV0", w, StringComparison.Ordinal));
    }
}
