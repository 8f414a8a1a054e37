using System.Buffers.Binary;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Vfs;

/// <summary>
/// Nonces as they land on disk: the 16-byte epoch id ‖ counter prefix of every trailer written for one page, through
/// the WAL and checkpoints and across open sessions, never repeats.
/// </summary>
public sealed class PageCipherNonceTests : IDisposable
{
    private const int Updates = 500;
    private const int CheckpointEvery = 50;
    private readonly TestDirectory _directory = new();
    private readonly byte[] _key = NewKey();

    private string VolumePath => Path.Combine(_directory.Path, "vol");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void SamePageRewritten500TimesWithCheckpoints_EveryNonceAndCiphertextOnDiskDistinct()
    {
        using var volume = Create(VolumePath, _key);
        using var connection = volume.OpenConnection();
        Execute(connection, "PRAGMA wal_autocheckpoint=0");
        Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t VALUES (1, 'A')");
        var page = (long)Scalar(connection, "SELECT rootpage FROM sqlite_schema WHERE name = 't'")!;
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        var wal = WalPath(VolumePath);
        var nonces = new List<string>();
        var images = new List<string>();
        var framesBefore = 0;

        for (var update = 0; update < Updates; update++)
        {
            // Two contents in turn (SQLite skips writing a page an UPDATE leaves identical): each repeats 250 times.
            Execute(connection, "UPDATE t SET v = $p0 WHERE id = 1", update % 2 == 0 ? "B" : "A");
            var frames = WalFrameCount(wal);
            Assert.Equal(framesBefore + 1, frames);
            var frame = WalFrameOffset(frames - 1);
            Assert.Equal((uint)page, BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(wal, frame, 4)));
            Record(ReadBytes(wal, frame + WalFrameHeaderSize, PageSize));
            framesBefore = frames;

            if (update % CheckpointEvery == CheckpointEvery - 1)
            {
                Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
                Assert.Equal(0L, new FileInfo(wal).Length);
                Record(ReadPage(DatabasePath(VolumePath), page));
                framesBefore = 0;
            }
        }

        Assert.Equal(Updates + (Updates / CheckpointEvery), nonces.Count);
        Assert.Equal(nonces.Count, nonces.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(images.Count, images.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("A", Scalar(connection, "SELECT v FROM t WHERE id = 1"));

        void Record(byte[] image)
        {
            nonces.Add(Convert.ToHexString(image, TrailerOffset, 16));
            images.Add(Convert.ToHexString(image));
        }
    }

    [Fact]
    public void SeparateOpenSessions_WritingTheSamePage_UseDifferentEpochIds()
    {
        long page;
        using (var volume = Create(VolumePath, _key))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t VALUES (1, 'same')");
            page = (long)Scalar(connection, "SELECT rootpage FROM sqlite_schema WHERE name = 't'")!;
        }

        var epochs = new List<string> { EpochOf(page) };
        for (var session = 0; session < 3; session++)
        {
            using (var volume = Volume.Open(VolumePath, _key))
            {
                using var connection = volume.OpenConnection();
                Execute(connection, "UPDATE t SET v = $p0 WHERE id = 1", session % 2 == 0 ? "other" : "same");
            }

            Assert.False(File.Exists(WalPath(VolumePath)), "closing should have checkpointed the update into data.db");
            epochs.Add(EpochOf(page));
        }

        Assert.Equal(epochs.Count, epochs.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void OneOpenSession_PagesItWrites_ShareItsEpochWithDistinctCounters()
    {
        using (var volume = Create(VolumePath, _key))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE a (v TEXT); CREATE TABLE b (v TEXT); INSERT INTO a VALUES ('a'); INSERT INTO b VALUES ('b')");
        }

        var trailers = Enumerable.Range(1, (int)(new FileInfo(DatabasePath(VolumePath)).Length / PageSize))
            .Select(page => ReadBytes(DatabasePath(VolumePath), PageOffset(page) + TrailerOffset, 16))
            .ToList();

        Assert.Equal(3, trailers.Count);
        Assert.Single(trailers.Select(t => Convert.ToHexString(t, 0, 12)).Distinct(StringComparer.Ordinal));
        Assert.Equal(3, trailers.Select(t => BinaryPrimitives.ReadUInt32BigEndian(t.AsSpan(12))).Distinct().Count());
    }

    private string EpochOf(long page) => Convert.ToHexString(ReadBytes(DatabasePath(VolumePath), PageOffset(page) + TrailerOffset, 12));
}
