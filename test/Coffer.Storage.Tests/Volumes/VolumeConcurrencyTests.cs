using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>One writer and several readers on one volume; many volumes with their own keys in one process.</summary>
public sealed class VolumeConcurrencyTests : IDisposable
{
    private const int WriterRows = 2000;
    private const int RowsPerTransaction = 5;
    private const int ReaderCount = 3;
    private const int MaxReaderIterations = 100_000;
    private const int VolumeCount = 8;
    private readonly TestDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task OneWriterThreeReaders_OwnConnectionsAndThreads_NoErrorsMonotonicWholeTransactionsExactTotal()
    {
        using var volume = Create(Path.Combine(_directory.Path, "vol"), NewKey());
        using (var connection = volume.OpenConnection())
        {
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        }

        using var start = new Barrier(1 + ReaderCount);
        using var writerFinished = new ManualResetEventSlim();
        var writer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    using var connection = volume.OpenConnection();
                    Assert.True(start.SignalAndWait(TimeSpan.FromMinutes(1)), "the other threads never started");
                    for (var first = 1; first <= WriterRows; first += RowsPerTransaction)
                    {
                        using (var transaction = connection.BeginTransaction())
                        {
                            for (var id = first; id < first + RowsPerTransaction; id++)
                            {
                                Execute(connection, "INSERT INTO t (id, v) VALUES ($p0, $p1)", id, Value(id));
                            }

                            transaction.Commit();
                        }

                        if (first % (50 * RowsPerTransaction) == 1)
                        {
                            Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
                        }
                    }
                }
                finally
                {
                    writerFinished.Set();
                }
            },
            TaskCreationOptions.LongRunning);

        var readers = Enumerable.Range(0, ReaderCount).Select(reader => Task.Factory.StartNew(
            () =>
            {
                using var connection = volume.OpenConnection();
                var counts = new List<long>();
                Assert.True(start.SignalAndWait(TimeSpan.FromMinutes(1)), "the other threads never started");
                for (var iteration = 0; iteration < MaxReaderIterations && !writerFinished.IsSet; iteration++)
                {
                    var count = Count(connection, "t");
                    counts.Add(count);
                    if (count > 0)
                    {
                        var id = 1 + (((iteration * 7919L) + reader) % count);
                        Assert.Equal(Value(id), Scalar(connection, "SELECT v FROM t WHERE id = $p0", id));
                    }
                }

                writerFinished.Wait();
                counts.Add(Count(connection, "t"));
                return counts;
            },
            TaskCreationOptions.LongRunning)).ToArray();

        await writer;
        foreach (var counts in await Task.WhenAll(readers))
        {
            Assert.Equal(counts.Order(), counts);
            Assert.All(counts, count => Assert.Equal(0L, count % RowsPerTransaction));
            Assert.Equal(WriterRows, counts[^1]);
        }

        using var check = volume.OpenConnection();
        Assert.Equal((long)WriterRows, Count(check, "t"));
        Assert.Equal((long)WriterRows * (WriterRows + 1) / 2, Scalar(check, "SELECT SUM(id) FROM t"));
        Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check"));
    }

    [Fact]
    public void ManyVolumes_OwnKeysInterleavedWrites_EachReadsOnlyItsOwnRows()
    {
        var keys = Enumerable.Range(0, VolumeCount).Select(_ => NewKey()).ToArray();
        var paths = Enumerable.Range(0, VolumeCount).Select(i => Path.Combine(_directory.Path, $"vol{i}")).ToArray();
        var volumes = Enumerable.Range(0, VolumeCount).Select(i => Create(paths[i], keys[i])).ToArray();
        var connections = volumes.Select(volume => volume.OpenConnection()).ToArray();
        try
        {
            foreach (var connection in connections)
            {
                Execute(connection, "CREATE TABLE t (round INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            }

            for (var round = 0; round < 50; round++)
            {
                for (var i = 0; i < VolumeCount; i++)
                {
                    Execute(connections[i], "INSERT INTO t (round, v) VALUES ($p0, $p1)", round, Row(i, round));
                }
            }

            for (var i = 0; i < VolumeCount; i++)
            {
                Assert.Equal(Enumerable.Range(0, 50).Select(round => Row(i, round)), Rows(connections[i], "SELECT v FROM t ORDER BY round").Select(row => (string)row[0]!));
            }

            // Closing one leaves the others working.
            connections[3].Dispose();
            volumes[3].Dispose();
            Assert.Throws<ObjectDisposedException>(() => volumes[3].OpenConnection());
            for (var i = 0; i < VolumeCount; i++)
            {
                if (i != 3)
                {
                    Execute(connections[i], "INSERT INTO t (round, v) VALUES (50, $p0)", Row(i, 50));
                    Assert.Equal(51L, Count(connections[i], "t"));
                }
            }

            // Each key opens its own volume only.
            Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(paths[3], keys[4]));
            using (var reopened = Volume.Open(paths[3], keys[3]))
            {
                using var connection = reopened.OpenConnection();
                Assert.Equal(Enumerable.Range(0, 50).Select(round => Row(3, round)), Rows(connection, "SELECT v FROM t ORDER BY round").Select(row => (string)row[0]!));
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }

            foreach (var volume in volumes)
            {
                volume.Dispose();
            }
        }
    }

    [Fact]
    public async Task ManyVolumes_WrittenFromParallelThreads_EachIntact()
    {
        var keys = Enumerable.Range(0, VolumeCount).Select(_ => NewKey()).ToArray();
        var paths = Enumerable.Range(0, VolumeCount).Select(i => Path.Combine(_directory.Path, $"vol{i}")).ToArray();
        using var start = new Barrier(VolumeCount);

        var writers = Enumerable.Range(0, VolumeCount).Select(i => Task.Factory.StartNew(
            () =>
            {
                using var volume = Create(paths[i], keys[i]);
                using var connection = volume.OpenConnection();
                Execute(connection, "CREATE TABLE t (round INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                Assert.True(start.SignalAndWait(TimeSpan.FromMinutes(1)), "the other threads never started");
                for (var round = 0; round < 200; round++)
                {
                    Execute(connection, "INSERT INTO t (round, v) VALUES ($p0, $p1)", round, Row(i, round));
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(writers);

        for (var i = 0; i < VolumeCount; i++)
        {
            using var volume = Volume.Open(paths[i], keys[i]);
            using var connection = volume.OpenConnection();
            Assert.Equal(Enumerable.Range(0, 200).Select(round => Row(i, round)), Rows(connection, "SELECT v FROM t ORDER BY round").Select(row => (string)row[0]!));
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        }
    }

    [Fact]
    public void Delete_ClosedVolume_RemovesDirectoryAndSamePathCanBeCreatedAgain()
    {
        var path = Path.Combine(_directory.Path, "vol");
        var neighbour = Path.Combine(_directory.Path, "neighbour");
        using var other = Create(neighbour, NewKey());
        using (var volume = Create(path, NewKey()))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE old (v TEXT); INSERT INTO old VALUES ('old')");
        }

        Volume.Delete(path);

        Assert.False(Directory.Exists(path));
        var key = NewKey();
        using (var volume = Create(path, key))
        {
            using var connection = volume.OpenConnection();
            Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'old'"));
            Execute(connection, "CREATE TABLE fresh (v TEXT); INSERT INTO fresh VALUES ('new')");
        }

        using (var volume = Volume.Open(path, key))
        {
            using var connection = volume.OpenConnection();
            Assert.Equal("new", Scalar(connection, "SELECT v FROM fresh"));
        }

        using var neighbourConnection = other.OpenConnection();
        Execute(neighbourConnection, "CREATE TABLE t (v TEXT)");
        Assert.Equal(0L, Count(neighbourConnection, "t"));
    }

    private static string Value(long id) => $"row-{id}-" + new string((char)('a' + (id % 26)), 150);

    private static string Row(int volume, int round) => $"volume-{volume}-round-{round}";
}
