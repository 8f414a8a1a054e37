namespace Coffer.Audit.Tests;

public sealed class AuditTrailRetentionTests
{
    [Fact]
    public async Task LookupAsync_EventOlderThanNinetyDays_IsNotReturned()
    {
        await using var bed = await AuditTestBed.StartAsync();
        await bed.Trail.RecordAsync(bed.Event("Old"));
        bed.Time.Advance(TimeSpan.FromDays(45));
        await bed.Trail.RecordAsync(bed.Event("Recent"));
        await bed.Trail.FlushAsync();

        bed.Time.Advance(TimeSpan.FromDays(45));
        var atNinetyDays = await bed.LookupAllAsync(AuditTestBed.Query());
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        var pastNinetyDays = await bed.LookupAllAsync(AuditTestBed.Query());

        Assert.Equal(["Recent", "Old"], atNinetyDays.Select(r => r.Event.EventName));
        Assert.Equal(["Recent"], pastNinetyDays.Select(r => r.Event.EventName));
    }

    [Fact]
    public async Task PruneAsync_DeletesExpiredEventsAndTheirLookupRowsOnly()
    {
        await using var bed = await AuditTestBed.StartAsync(o => o.RetentionPeriod = TimeSpan.FromDays(7));
        for (var i = 0; i < 3; i++)
        {
            await bed.Trail.RecordAsync(bed.Event("Old"));
        }

        await bed.Trail.FlushAsync();
        var lookupRowsPerEvent = await bed.CountAsync("audit_lookup_refs") / 3;
        bed.Time.Advance(TimeSpan.FromDays(8));
        await bed.Trail.RecordAsync(bed.Event("Recent"));

        await bed.Trail.PruneAsync();

        Assert.Equal(1, await bed.CountAsync("audit_events"));
        Assert.Equal(lookupRowsPerEvent, await bed.CountAsync("audit_lookup_refs"));
        var byName = await bed.LookupAllAsync(AuditTestBed.Query(new AuditLookupFilter(AuditLookupAttributeKey.EventName, "Recent")));
        Assert.Equal("Recent", Assert.Single(byName).Event.EventName);
    }

    [Fact]
    public async Task Tick_AfterPruneInterval_PrunesWithoutBeingAsked()
    {
        await using var bed = await AuditTestBed.StartAsync(o => o.RetentionPeriod = TimeSpan.FromDays(1));
        await bed.Trail.RecordAsync(bed.Event("Old"));
        await bed.Trail.FlushAsync();

        // One advance fires the one-shot flush timer once; the writer then prunes (first prune is always due).
        bed.Time.Advance(TimeSpan.FromDays(2));
        await bed.Trail.FlushAsync();

        Assert.Equal(0, await bed.CountAsync("audit_events"));
    }
}
