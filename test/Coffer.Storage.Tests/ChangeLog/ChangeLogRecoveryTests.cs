using Coffer.Storage.ChangeLog;
using Coffer.Storage.Tests.Volumes;

namespace Coffer.Storage.Tests.ChangeLog;

/// <summary>
/// The change log after a crash: a copy of an open volume (database, WAL and log, as a crash leaves them) reopens with
/// the log ending exactly at the WAL's last commit, whichever of the two lost its unsynced tail.
/// </summary>
public sealed class ChangeLogRecoveryTests
{
    [Fact]
    public async Task Reopen_CopiedWhileOpen_LogEndsAtTheWalsLastCommit()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        for (var i = 0; i < 6; i++)
        {
            bed.Commit("INSERT INTO t (v) VALUES ($p0)", $"row {i}");
        }

        var copy = CrashImage(bed);
        bed.OpenInstead(copy);

        Assert.Equal(bed.States[^1].Lsn, bed.Volume.ChangeLogPosition!.Value.Lsn);
        Assert.DoesNotContain(bed.Volume.ChangeLogRecoveryNotes, note => note.Contains("dropped", StringComparison.Ordinal) || note.Contains("captured", StringComparison.Ordinal));
        bed.Commit("INSERT INTO t (v) VALUES ('after the crash')");
        foreach (var state in bed.States.Skip(1))
        {
            using var restored = await bed.RestoreAsync(snapshot, state.Time);
            Assert.Equal(state.Rows, ChangeLogTestBed.RowsOf(restored));
        }
    }

    [Fact]
    public async Task Reopen_WhenTheLogLostItsLastCommit_CapturesItFromTheWal()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        bed.Commit("INSERT INTO t (v) VALUES ('kept')");
        bed.Commit("INSERT INTO t (v) VALUES ('only in the WAL')");
        var copy = CrashImage(bed);
        var segment = CurrentSegment(copy);
        // Erase the last commit record (the segment is zero-filled ahead of its data): its frames stay, as when the
        // process died before the record reached the disk.
        VolumeTestSupport.WriteBytes(segment, LastCommitRecord(segment), new byte[64]);

        bed.OpenInstead(copy);

        Assert.Contains(bed.Volume.ChangeLogRecoveryNotes, note => note.StartsWith("captured transactions", StringComparison.Ordinal));
        Assert.Equal(bed.States[^1].Lsn, bed.Volume.ChangeLogPosition!.Value.Lsn);
        using var restored = await bed.RestoreAsync(snapshot, bed.States[^1].Time);
        Assert.Equal(bed.States[^1].Rows, ChangeLogTestBed.RowsOf(restored));
    }

    [Fact]
    public async Task Reopen_WhenTheWalLostItsLastCommit_DropsItFromTheLog()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        bed.Commit("INSERT INTO t (v) VALUES ('durable')");
        var walBefore = new FileInfo(VolumeTestSupport.WalPath(bed.VolumeDirectory)).Length;
        bed.Commit("INSERT INTO t (v) VALUES ('logged, but its WAL frames never reached the disk')");
        var copy = CrashImage(bed);
        using (var stream = new FileStream(VolumeTestSupport.WalPath(copy), FileMode.Open))
        {
            stream.SetLength(walBefore);
        }

        bed.OpenInstead(copy);

        Assert.Contains(bed.Volume.ChangeLogRecoveryNotes, note => note.StartsWith("dropped 1 logged commit", StringComparison.Ordinal));
        Assert.Equal(bed.States[^2].Lsn, bed.Volume.ChangeLogPosition!.Value.Lsn);
        Assert.Equal(bed.States[^2].Rows, ChangeLogTestBed.RowsOf(bed.Volume));

        // The LSN of the lost commit is taken by the next one, and the log replays consistently across it.
        bed.States.RemoveAt(bed.States.Count - 1);
        bed.Commit("INSERT INTO t (v) VALUES ('after the crash')");
        foreach (var state in bed.States.Skip(1))
        {
            using var restored = await bed.RestoreAsync(snapshot, state.Time);
            Assert.Equal(state.Rows, ChangeLogTestBed.RowsOf(restored));
        }
    }

    [Fact]
    public void Reopen_WithATornRecordAtTheEnd_CutsItAndKeepsEveryCommit()
    {
        using var bed = new ChangeLogTestBed();
        bed.Commit("INSERT INTO t (v) VALUES ('a')");
        var copy = CrashImage(bed);
        // Half a frame record where the next would go, as a crash in the middle of the next transaction leaves it.
        var segment = CurrentSegment(copy);
        var torn = new byte[1000];
        "FRM1"u8.CopyTo(torn);
        torn.AsSpan(4).Fill(0x5A);
        var end = LastCommitRecord(segment) + 64;
        using (var stream = new FileStream(segment, FileMode.Open))
        {
            stream.SetLength(Math.Max(stream.Length, end + torn.Length));
        }

        VolumeTestSupport.WriteBytes(segment, end, torn);

        bed.OpenInstead(copy);

        // The torn frame belongs to no commit: it is dropped like any uncommitted frame, and is not reported as damage.
        Assert.Equal(bed.States[^1].Lsn, bed.Volume.ChangeLogPosition!.Value.Lsn);
        Assert.DoesNotContain(bed.Volume.ChangeLogRecoveryNotes, note => note.Contains("damaged", StringComparison.Ordinal));
        bed.Commit("INSERT INTO t (v) VALUES ('after the crash')");
        Assert.Equal(bed.States[^1].Lsn, bed.Volume.ChangeLogPosition!.Value.Lsn);
    }

    [Fact]
    public async Task Reopen_WithDamageFollowedByCommitsStillInTheWal_CapturesThemAgain()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        for (var i = 0; i < 4; i++)
        {
            bed.Commit("INSERT INTO t (v) VALUES ($p0)", $"row {i}");
        }

        var copy = CrashImage(bed);
        FlipBitInSecondCommit(copy);

        bed.OpenInstead(copy);

        Assert.True(bed.Volume.ChangeLogRecoveryNotes.Any(note => note.Contains("damaged", StringComparison.Ordinal) && note.Contains("captured again from the WAL", StringComparison.Ordinal)), string.Join(" / ", bed.Volume.ChangeLogRecoveryNotes));
        Assert.Equal(bed.States[^1].Lsn, bed.Volume.ChangeLogPosition!.Value.Lsn);
        using var restored = await bed.RestoreAsync(snapshot, bed.States[^1].Time);
        Assert.Equal(bed.States[^1].Rows, ChangeLogTestBed.RowsOf(restored));
    }

    [Fact]
    public async Task Reopen_WithDamageFollowedByCommitsNoLongerInTheWal_ReportsThemLost()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        for (var i = 0; i < 4; i++)
        {
            bed.Commit("INSERT INTO t (v) VALUES ($p0)", $"row {i}");
        }

        using (var connection = bed.Volume.OpenConnection())
        {
            VolumeTestSupport.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        var copy = CrashImage(bed);
        FlipBitInSecondCommit(copy);

        bed.OpenInstead(copy);

        Assert.Contains(bed.Volume.ChangeLogRecoveryNotes, note => note.Contains("lost to point-in-time restore", StringComparison.Ordinal));
        Assert.Equal(bed.States[^1].Lsn, bed.Volume.ChangeLogPosition!.Value.Lsn);
        Assert.Equal(bed.States[^1].Rows, ChangeLogTestBed.RowsOf(bed.Volume));
        var error = await Assert.ThrowsAsync<ChangeLogCorruptException>(() => bed.RestoreAsync(snapshot, bed.States[^1].Time));
        Assert.Contains("lacks transactions", error.Message, StringComparison.Ordinal);
    }

    private static void FlipBitInSecondCommit(string volumeDirectory)
    {
        var segment = CurrentSegment(volumeDirectory);
        var bytes = File.ReadAllBytes(segment);
        var first = bytes.AsSpan().IndexOf("CMT1"u8);
        var second = first + 1 + bytes.AsSpan(first + 1).IndexOf("CMT1"u8);
        VolumeTestSupport.FlipBit(segment, second + 10);
    }

    [Fact]
    public async Task ManyWriters_EachCommitIsLoggedOnce_AndTheLogReplaysToTheSameRows()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        var before = bed.Volume.ChangeLogPosition!.Value.Lsn;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            using var connection = bed.Volume.OpenConnection();
            for (var i = 0; i < 25; i++)
            {
                VolumeTestSupport.Execute(connection, "INSERT INTO t (v) VALUES ($p0)", $"writer {writer} row {i}");
            }
        })));

        Assert.Equal(before + 100, bed.Volume.ChangeLogPosition!.Value.Lsn);
        using var restored = await bed.RestoreAsync(snapshot, bed.Time.GetUtcNow());
        Assert.Equal(ChangeLogTestBed.RowsOf(bed.Volume), ChangeLogTestBed.RowsOf(restored));
    }

    /// <summary>Copies the open volume's files, change log included, as a crash would leave them.</summary>
    internal static string CrashImage(ChangeLogTestBed bed)
    {
        var copy = Path.Combine(bed.Directory.Path, "crash-" + Guid.NewGuid().ToString("N")[..8]);
        VolumeTestSupport.CopyVolume(bed.VolumeDirectory, copy);
        var log = Path.Combine(copy, "changelog");
        Directory.CreateDirectory(log);
        foreach (var file in Directory.GetFiles(Path.Combine(bed.VolumeDirectory, "changelog")))
        {
            VolumeTestSupport.CopyOpenFile(file, Path.Combine(log, Path.GetFileName(file)));
        }

        return copy;
    }

    /// <summary>Where the segment's last commit record starts.</summary>
    internal static long LastCommitRecord(string segment) => File.ReadAllBytes(segment).AsSpan().LastIndexOf("CMT1"u8);

    internal static string CurrentSegment(string volumeDirectory) =>
        Directory.GetFiles(Path.Combine(volumeDirectory, "changelog"), "*.seg").Order(StringComparer.Ordinal).Last();
}
