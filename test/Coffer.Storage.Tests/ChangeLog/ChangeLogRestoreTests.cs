using Coffer.Storage.ChangeLog;
using Coffer.Storage.Tests.Volumes;

namespace Coffer.Storage.Tests.ChangeLog;

public sealed class ChangeLogRestoreTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task RestoreToTime_AtEverySecond_GivesExactlyTheStateCommittedThen(bool encrypted, bool sealSegments)
    {
        using var bed = new ChangeLogTestBed(encrypted);
        bed.Commit("INSERT INTO t (v) VALUES ('before the snapshot')");
        var snapshot = await bed.SnapshotAsync();
        Assert.Equal(bed.States[^1].Lsn, bed.LastSnapshot!.LogLsn);
        Assert.Equal(bed.States[^1].Time, bed.LastSnapshot.LogCommitTime);
        for (var i = 0; i < 12; i++)
        {
            bed.Commit("INSERT INTO t (v, pad) VALUES ($p0, randomblob($p1))", $"row {i}", i * 900);
            if (i % 3 == 1)
            {
                bed.Commit("UPDATE t SET v = v || ' updated' WHERE id % 2 = 0");
            }

            if (i % 4 == 3)
            {
                bed.Commit("DELETE FROM t WHERE id = (SELECT min(id) FROM t)");
            }

            if (sealSegments && i % 5 == 4)
            {
                Assert.NotEmpty(await bed.SealAsync());
            }
        }

        var first = bed.LastSnapshot.LogCommitTime!.Value;
        var last = bed.States[^1].Time;
        for (var time = first; time <= last.AddSeconds(1); time = time.AddMilliseconds(500))
        {
            using var restored = await bed.RestoreAsync(snapshot, time);
            Assert.Equal(bed.StateAt(time), ChangeLogTestBed.RowsOf(restored));
        }
    }

    [Fact]
    public async Task RestoreToTime_FromSealedSegmentsOnly_NeedsNoLiveSource()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        for (var i = 0; i < 5; i++)
        {
            bed.Commit("INSERT INTO t (v) VALUES ($p0)", $"sealed {i}");
        }

        await bed.SealAsync();
        var target = bed.States[^2].Time;

        using var restored = await bed.RestoreAsync(snapshot, target, live: false);

        Assert.Equal(bed.StateAt(target), ChangeLogTestBed.RowsOf(restored));
        Assert.NotEqual(bed.States[^1].Rows, ChangeLogTestBed.RowsOf(restored));
    }

    [Fact]
    public async Task RestoreToTime_AcrossARestart_ContinuesTheLog()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        bed.Commit("INSERT INTO t (v) VALUES ('first session')");
        bed.Reopen();
        bed.Commit("INSERT INTO t (v) VALUES ('second session')");
        bed.Reopen();
        bed.Commit("UPDATE t SET v = 'third session'");

        Assert.Equal(3, bed.Volume.ChangeLogPosition!.Value.Lsn - bed.LastSnapshot!.LogLsn);
        foreach (var state in bed.States)
        {
            using var restored = await bed.RestoreAsync(snapshot, state.Time);
            Assert.Equal(state.Rows, ChangeLogTestBed.RowsOf(restored));
        }
    }

    [Fact]
    public async Task RestoreToTime_TransactionLargerThanThePageCacheAndOneRolledBack_AreReplayedExactly()
    {
        // A 64 KiB page cache: the big transactions spill frames into the WAL before they commit, rewrite frames in
        // place, and the rolled-back one leaves spilled frames behind that the next transaction overwrites.
        using var bed = new ChangeLogTestBed(options: new Storage.Volumes.VolumeOptions { CacheSizeKiB = 64 });
        var snapshot = await bed.SnapshotAsync();
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        using (var connection = bed.Volume.OpenConnection())
        {
            using var transaction = connection.BeginTransaction();
            for (var i = 0; i < 400; i++)
            {
                VolumeTestSupport.Execute(connection, "INSERT INTO t (v, pad) VALUES ($p0, randomblob(2000))", $"rolled back {i}");
            }

            transaction.Rollback();
        }

        bed.Commit("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO t (v, pad) SELECT 'big ' || i, randomblob(3000) FROM n");
        bed.Commit("UPDATE t SET pad = randomblob(2500), v = v || '!' WHERE id % 3 = 0");
        bed.Commit("DELETE FROM t WHERE id % 5 = 0");

        foreach (var state in bed.States.Skip(1))
        {
            using var restored = await bed.RestoreAsync(snapshot, state.Time);
            Assert.Equal(state.Rows, ChangeLogTestBed.RowsOf(restored));
        }
    }

    [Fact]
    public async Task RestoreToTime_WithASealedSegmentMissing_FailsNamingTheGap()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        bed.Commit("INSERT INTO t (v) VALUES ('a')");
        var firstSealed = await bed.SealAsync();
        bed.Commit("INSERT INTO t (v) VALUES ('b')");
        await bed.SealAsync();
        await bed.Store.DeleteAsync(Assert.Single(firstSealed), default);

        var error = await Assert.ThrowsAsync<ChangeLogCorruptException>(() => bed.RestoreAsync(snapshot, bed.States[^1].Time, live: false));

        Assert.Contains("lacks transactions", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(bed.Directory.Path, "restored-*"));
    }

    [Fact]
    public async Task RestoreToTime_BeforeTheBaseArchive_IsRefused()
    {
        using var bed = new ChangeLogTestBed();
        bed.Commit("INSERT INTO t (v) VALUES ('a')");
        var snapshot = await bed.SnapshotAsync();

        await Assert.ThrowsAsync<ChangeLogCorruptException>(() => bed.RestoreAsync(snapshot, bed.States[0].Time));
    }

    [Fact]
    public async Task Prune_DeletesOnlySegmentsEndingBeforeTheCutoff()
    {
        using var bed = new ChangeLogTestBed();
        bed.Commit("INSERT INTO t (v) VALUES ('old')");
        var old = Assert.Single(await bed.SealAsync());
        bed.Time.Advance(TimeSpan.FromDays(2));
        bed.Commit("INSERT INTO t (v) VALUES ('new')");
        var recent = Assert.Single(await bed.SealAsync());

        var pruned = await ChangeLogArchives.PruneAsync(bed.Store, "log/", bed.Time.GetUtcNow().AddDays(-1), default);

        Assert.Equal(1, pruned);
        var left = new List<string>();
        await foreach (var entry in bed.Store.ListAsync("log/", default))
        {
            left.Add(entry.Name);
        }

        Assert.Equal([recent], left);
        Assert.NotEqual(old, recent);
    }
}
