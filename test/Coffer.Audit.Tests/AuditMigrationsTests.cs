using Coffer.Storage;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Audit.Tests;

public sealed class AuditMigrationsTests
{
    [Fact]
    public async Task Step2_EventsWrittenUnderStep1_AreStillFoundByEveryAttribute()
    {
        using var directory = new TestDirectory();
        using var rootKey = RootKey.CreateRandom();
        var time = new FakeTimeProvider(AuditTestBed.Start);
        var recorded = AuditSamples.KmsCall(AuditTestBed.Account.Value, "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", time.GetUtcNow(), "Decrypt", true, AuditTestBed.Region, "admin", "AKIAEXAMPLE000000001", "kms.amazonaws.com");
        var stepOneEntries = AuditLookupEntries.For(recorded).Append(("EventId", recorded.EventId)).ToList();
        using (var stepOne = await SqliteMetadataStore.OpenAsync(directory.Path, rootKey, AuditMigrations.All.Take(1).ToList(), time, default))
        {
            // What the step-1 writer stored: the event, and one lookup row per (attribute, value) including EventId.
            await using var connection = await stepOne.OpenConnectionAsync(default);
            var seq = await connection.ScalarAsync(null,
                "INSERT INTO audit_events (account_id, region, event_time, event_id, record) VALUES (@account, @region, @time, @eventId, @record) RETURNING seq;", default,
                ("@account", recorded.RecipientAccountId), ("@region", recorded.AwsRegion), ("@time", recorded.EventTime.ToUnixTimeSeconds()), ("@eventId", recorded.EventId), ("@record", AuditJson.Serialize(recorded)));
            foreach (var (attribute, value) in stepOneEntries)
            {
                await connection.ExecuteAsync(null,
                    "INSERT INTO audit_lookup (account_id, region, attribute, value, event_time, seq) VALUES (@account, @region, @attribute, @value, @time, @seq);", default,
                    ("@account", recorded.RecipientAccountId), ("@region", recorded.AwsRegion), ("@attribute", attribute), ("@value", value), ("@time", recorded.EventTime.ToUnixTimeSeconds()), ("@seq", seq));
            }
        }

        SqliteMetadataStore.ReleaseConnections();
        using var store = await SqliteMetadataStore.OpenAsync(directory.Path, rootKey, AuditMigrations.All, time, default);
        await using var trail = new AuditTrail(store, new AuditOptions(), time, NullLogger<AuditTrail>.Instance);

        foreach (var (attribute, value) in stepOneEntries)
        {
            var query = AuditTestBed.Query(new AuditLookupFilter(Enum.Parse<AuditLookupAttributeKey>(attribute), value));
            var page = await trail.LookupAsync(query, default);
            Assert.Equal(recorded.EventId, Assert.Single(page.Events).Event.EventId);
        }

        await using var check = await store.OpenConnectionAsync(default);
        Assert.Equal((long)stepOneEntries.Count - 1, await check.ScalarAsync(null, "SELECT COUNT(*) FROM audit_lookup_refs;", default));
        await trail.DisposeAsync();
        SqliteMetadataStore.ReleaseConnections();
    }
}
