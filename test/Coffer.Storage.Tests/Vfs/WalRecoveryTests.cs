using System.Buffers.Binary;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Vfs;

/// <summary>
/// Data that lives only in the WAL: a volume is written with automatic checkpoints off and copied (manifest, database,
/// WAL; no WAL index) while its connection is still open, so that opening the copy runs SQLite's WAL recovery
/// through the VFS. Then the copy's WAL is damaged in the ways a crash or an attacker would.
/// </summary>
public sealed class WalRecoveryTests : IDisposable
{
    private const int SmallTransactions = 10;
    private readonly TestDirectory _directory = new();
    private readonly byte[] _key = NewKey();
    private readonly string _marker = NewMarker();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private string Original => Path.Combine(_directory.Path, "original");

    private string Copy => Path.Combine(_directory.Path, "copy");

    [Fact]
    public void CopiedWhileOpen_RowsCommittedOnlyInWal_AllPresentAfterRecovery()
    {
        var layout = WriteAndCopyWhileOpen();

        // Without its WAL the copied database does not even have the table: the rows are in the WAL only.
        var databaseOnly = Path.Combine(_directory.Path, "database-only");
        Directory.CreateDirectory(databaseOnly);
        File.Copy(Path.Combine(Copy, Volume.ManifestFileName), Path.Combine(databaseOnly, Volume.ManifestFileName));
        File.Copy(DatabasePath(Copy), DatabasePath(databaseOnly));
        using (var withoutWal = Volume.Open(databaseOnly, _key))
        {
            using var databaseOnlyConnection = withoutWal.OpenConnection();
            Assert.Equal(0L, Scalar(databaseOnlyConnection, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 't'"));
        }

        using var volume = Volume.Open(Copy, _key);
        using var connection = volume.OpenConnection();
        AssertRows(connection, SmallTransactions, withLast: true);
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        Assert.True(layout.LastTransactionFrames > 1, "the last transaction should span several frames");
    }

    [Fact]
    public void CopiedWhileOpen_Wal_HoldsNoPlaintext()
    {
        WriteAndCopyWhileOpen();

        Assert.True(new FileInfo(WalPath(Copy)).Length > WalHeaderSize + (SmallTransactions * WalFrameSize));
        Assert.Empty(FilesContaining([WalPath(Copy), DatabasePath(Copy), WalPath(Original), DatabasePath(Original)], _marker));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(4063)]
    [InlineData(TrailerOffset + 5)] // epoch id
    [InlineData(TrailerOffset + 14)] // counter
    [InlineData(TrailerOffset + 20)] // tag
    public void CopiedWhileOpen_BitFlippedInLastFramePageImage_LastTransactionMissingRestIntact(int offsetInPage)
    {
        var layout = WriteAndCopyWhileOpen();

        FlipBit(WalPath(Copy), WalFrameOffset(layout.TotalFrames - 1) + WalFrameHeaderSize + offsetInPage, bit: 3);

        AssertTornTail();
    }

    [Theory]
    [InlineData(16)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(23)]
    public void CopiedWhileOpen_BitFlippedInLastFrameMaskedChecksum_LastTransactionMissingRestIntact(int offsetInHeader)
    {
        var layout = WriteAndCopyWhileOpen();

        FlipBit(WalPath(Copy), WalFrameOffset(layout.TotalFrames - 1) + offsetInHeader, bit: 0);

        AssertTornTail();
    }

    [Theory]
    [InlineData(3)] // page number
    [InlineData(7)] // commit field (database size)
    [InlineData(8)] // salt-1
    [InlineData(15)] // salt-2
    public void CopiedWhileOpen_BitFlippedInLastFrameHeaderField_LastTransactionMissingRestIntact(int offsetInHeader)
    {
        var layout = WriteAndCopyWhileOpen();

        FlipBit(WalPath(Copy), WalFrameOffset(layout.TotalFrames - 1) + offsetInHeader, bit: 1);

        AssertTornTail();
    }

    [Fact]
    public void CopiedWhileOpen_BitFlippedInFirstFrameOfLastTransaction_LastTransactionMissingRestIntact()
    {
        var layout = WriteAndCopyWhileOpen();

        FlipBit(WalPath(Copy), WalFrameOffset(layout.TotalFrames - layout.LastTransactionFrames) + WalFrameHeaderSize + 100);

        AssertTornTail();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(WalFrameHeaderSize)]
    [InlineData(WalFrameHeaderSize + 2000)]
    [InlineData(WalFrameSize - 1)]
    public void CopiedWhileOpen_WalTruncatedInsideLastFrame_CommittedPrefixKept(int bytesOfLastFrameKept)
    {
        var layout = WriteAndCopyWhileOpen();

        using (var wal = new FileStream(WalPath(Copy), FileMode.Open, FileAccess.Write))
        {
            wal.SetLength(WalFrameOffset(layout.TotalFrames - 1) + bytesOfLastFrameKept);
        }

        AssertTornTail();
    }

    [Fact]
    public void CopiedWhileOpen_TornTailRecovered_VolumeAcceptsNewWritesAndReopens()
    {
        var layout = WriteAndCopyWhileOpen();
        FlipBit(WalPath(Copy), WalFrameOffset(layout.TotalFrames - 1) + WalFrameHeaderSize + 10);

        using (var volume = Volume.Open(Copy, _key))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "INSERT INTO t (id, v) VALUES (100, $p0)", _marker + "-after-recovery");
        }

        using (var volume = Volume.Open(Copy, _key))
        {
            using var connection = volume.OpenConnection();
            Assert.Equal(Enumerable.Range(1, SmallTransactions).Select(i => (long)i).Append(100L), Rows(connection, "SELECT id FROM t ORDER BY id").Select(row => (long)row[0]!));
            Assert.Equal(_marker + "-after-recovery", Scalar(connection, "SELECT v FROM t WHERE id = 100"));
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        }
    }

    [Fact]
    public void CopiedWhileOpen_BitFlippedInEarlyFrame_LogEndsThereAndEarlierRowsAreIntact()
    {
        // What the threat model promises for a damaged WAL frame today: transactions from it on are lost, never
        // altered, and the volume stays consistent. (Detecting the damage is the skipped test below.)
        var layout = WriteAndCopyWhileOpen();
        var frameOfFifthInsert = layout.FramesAfterTransaction[4] - 1;
        Assert.Equal(layout.FramesAfterTransaction[3], frameOfFifthInsert);

        FlipBit(WalPath(Copy), WalFrameOffset(frameOfFifthInsert) + WalFrameHeaderSize + 100);

        using var volume = Volume.Open(Copy, _key);
        using var connection = volume.OpenConnection();
        AssertRows(connection, 4, withLast: false);
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
    }

    [Fact(Skip = "BUG: a bit flipped in an early WAL frame is not detected: recovery stops there and every later committed transaction is silently dropped (WalFileState.Read returns the frame as zeros). The storage issue asks that a flipped bit in any WAL page image be detected and the notes suggest flagging an authentication failure followed by a later valid commit.")]
    public void CopiedWhileOpen_BitFlippedInEarlyFrameFollowedByValidCommits_IsReportedAsCorrupt()
    {
        var layout = WriteAndCopyWhileOpen();
        var frameOfFifthInsert = layout.FramesAfterTransaction[4] - 1;

        FlipBit(WalPath(Copy), WalFrameOffset(frameOfFifthInsert) + WalFrameHeaderSize + 100);

        using var volume = Volume.Open(Copy, _key);
        var failure = Record.Exception(() =>
        {
            using var connection = volume.OpenConnection();
            return Count(connection, "t");
        });
        Assert.IsType<VolumeCorruptException>(failure is SqliteException sqlite ? volume.Describe(sqlite) : failure);
    }

    [Fact]
    public void LiveWal_BitFlippedInFrameAfterRecovery_ReadFailsNamingWalAndPage()
    {
        using var volume = Create(Original, _key);
        using var writer = volume.OpenConnection();
        Execute(writer, "PRAGMA wal_autocheckpoint=0");
        Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        for (var i = 1; i <= SmallTransactions; i++)
        {
            Execute(writer, "INSERT INTO t (id, v) VALUES ($p0, $p1)", i, Value(i));
        }

        var wal = WalPath(Original);
        var lastFrame = WalFrameOffset(WalFrameCount(wal) - 1);
        var pageNumber = BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(wal, lastFrame, 4));
        FlipBit(wal, lastFrame + WalFrameHeaderSize + 50);

        // A second connection has a cold page cache and reads the page from the WAL the index points at.
        using var reader = volume.OpenConnection();
        var exception = DescribedFailure(volume, () => Rows(reader, "SELECT id, v FROM t"));

        var corrupt = Assert.IsType<VolumeCorruptException>(exception);
        Assert.Equal(volume.Manifest.VolumeId, corrupt.Volume);
        Assert.Equal(pageNumber, corrupt.PageNumber);
        Assert.Contains("data.db-wal", corrupt.Message, StringComparison.Ordinal);
        Assert.Contains($"page {pageNumber} ", corrupt.Message, StringComparison.Ordinal);
    }

    /// <summary>Regression: the frames SQLite writes with zero salts while a checksum rewrite is pending (fixed in f0fcd4a).</summary>
    [Fact]
    public void LargeTransaction_SpillingPageCache_CommittedRowsReadableAndSurviveReopen()
    {
        const int rows = 20_000;
        using (var volume = Create(Original, _key))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "PRAGMA cache_size=-1024");
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); CREATE INDEX t_v ON t (v)");
            using (var transaction = connection.BeginTransaction())
            {
                using var insert = Command(connection, "INSERT INTO t (id, v) VALUES ($p0, $p1)", 0, string.Empty);
                for (var i = 1; i <= rows; i++)
                {
                    insert.Parameters[0].Value = i;
                    insert.Parameters[1].Value = $"{(i * 7919L) % rows:D6}-" + new string('v', 100);
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            Assert.Equal((long)rows, Count(connection, "t"));
        }

        using (var volume = Volume.Open(Original, _key))
        {
            using var connection = volume.OpenConnection();
            Assert.Equal((long)rows, Count(connection, "t"));
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        }
    }

    /// <summary>
    /// Writes <see cref="SmallTransactions"/> one-row transactions and a last transaction holding a row with an 12 KiB
    /// value (overflow pages: several frames), all into the WAL, and copies the volume while the connection is open.
    /// </summary>
    private WalLayout WriteAndCopyWhileOpen()
    {
        using var volume = Create(Original, _key);
        using var connection = volume.OpenConnection();
        Execute(connection, "PRAGMA wal_autocheckpoint=0");
        Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        var wal = WalPath(Original);
        var framesAfter = new List<int>();
        for (var i = 1; i <= SmallTransactions; i++)
        {
            Execute(connection, "INSERT INTO t (id, v) VALUES ($p0, $p1)", i, Value(i));
            framesAfter.Add(WalFrameCount(wal));
        }

        Execute(connection, "INSERT INTO t (id, v) VALUES ($p0, $p1)", SmallTransactions + 1, LastValue());
        var total = WalFrameCount(wal);
        Assert.Equal(0L, (new FileInfo(wal).Length - WalHeaderSize) % WalFrameSize);

        CopyVolume(Original, Copy);
        Assert.False(File.Exists(Path.Combine(Copy, Volume.DatabaseFileName + "-shm")));
        return new WalLayout(total, total - framesAfter[^1], framesAfter);
    }

    private void AssertTornTail()
    {
        using var volume = Volume.Open(Copy, _key);
        using var connection = volume.OpenConnection();
        AssertRows(connection, SmallTransactions, withLast: false);
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
    }

    private void AssertRows(SqliteConnection connection, int smallRows, bool withLast)
    {
        var rows = Rows(connection, "SELECT id, v FROM t ORDER BY id");
        var expected = Enumerable.Range(1, smallRows).Select(i => ((long)i, Value(i))).ToList();
        if (withLast)
        {
            expected.Add((smallRows + 1, LastValue()));
        }

        Assert.Equal(expected, rows.Select(row => ((long)row[0]!, (string)row[1]!)));
    }

    private string Value(int i) => $"{_marker}-row-{i}-" + new string('w', 150);

    private string LastValue() => $"{_marker}-last-" + string.Concat(Enumerable.Repeat(_marker, 12 * 1024 / _marker.Length));

    /// <param name="TotalFrames">Frames in the WAL.</param>
    /// <param name="LastTransactionFrames">Frames written by the last transaction.</param>
    /// <param name="FramesAfterTransaction">The WAL's frame count after each small transaction.</param>
    private sealed record WalLayout(int TotalFrames, int LastTransactionFrames, IReadOnlyList<int> FramesAfterTransaction);
}
