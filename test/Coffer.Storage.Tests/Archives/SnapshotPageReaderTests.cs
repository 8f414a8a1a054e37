using System.Security.Cryptography;
using Coffer.Storage.Archives;
using Coffer.Storage.Tests.Volumes;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Tests.Archives;

/// <summary>The snapshot reader gives exactly what its read transaction sees, whatever writers do meanwhile.</summary>
public sealed class SnapshotPageReaderTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Read_WhenTheWalIsRestartedUnderAReaderOfTheDatabaseFileOnly_GivesTheSnapshot()
    {
        using var volume = VolumeTestSupport.Create(Path.Combine(_directory.Path, "v"), _key);
        using var writer = volume.OpenConnection();
        VolumeTestSupport.Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        VolumeTestSupport.Execute(writer, "INSERT INTO t (v) VALUES ('before')");
        // Copy every frame into the database file without restarting the WAL: a reader beginning now reads the
        // database file only (SQLite's read lock 0), which does not stop a writer from restarting the WAL.
        VolumeTestSupport.Execute(writer, "PRAGMA wal_checkpoint(PASSIVE)");
        using var reader = volume.OpenConnection();
        VolumeTestSupport.Execute(reader, "BEGIN");
        Assert.Equal(1L, VolumeTestSupport.Count(reader, "t"));
        var (frames, pages, salts) = SnapshotPageReader.Capture(volume, reader);
        Assert.True(frames > 0, "the WAL still holds its frames");

        VolumeTestSupport.Execute(writer, "INSERT INTO t (v) VALUES ('after: the WAL restarts over the snapshot''s frames')");
        var image = await ArchiveOfAsync(volume, SnapshotPageReader.ReadAsync(volume, frames, pages, salts, default));
        VolumeTestSupport.Execute(reader, "COMMIT");

        using var restored = await VolumeArchives.RestoreAsync(new MemoryStream(image), null, Path.Combine(_directory.Path, "r"), null, TimeProvider.System, default);
        using var connection = restored.OpenConnection();
        Assert.Equal(["before"], VolumeTestSupport.Rows(connection, "SELECT v FROM t").Select(row => (string)row[0]!));
    }

    [Fact]
    public async Task Read_WhileWritersCommitAndCheckpoint_GivesTheSnapshot()
    {
        using var volume = VolumeTestSupport.Create(Path.Combine(_directory.Path, "v"), _key);
        using var writer = volume.OpenConnection();
        VolumeTestSupport.Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
        for (var i = 0; i < 50; i++)
        {
            VolumeTestSupport.Execute(writer, "INSERT INTO t (v) VALUES (randomblob(3000))");
        }

        using var reader = volume.OpenConnection();
        VolumeTestSupport.Execute(reader, "BEGIN");
        var expected = VolumeTestSupport.Scalar(reader, "SELECT group_concat(hex(v), '') FROM t");
        var (frames, pages, salts) = SnapshotPageReader.Capture(volume, reader);
        for (var i = 0; i < 50; i++)
        {
            VolumeTestSupport.Execute(writer, "UPDATE t SET v = randomblob(3000) WHERE id % 3 = $p0", i % 3);
            VolumeTestSupport.Execute(writer, "PRAGMA wal_checkpoint(PASSIVE)");
        }

        var image = await ArchiveOfAsync(volume, SnapshotPageReader.ReadAsync(volume, frames, pages, salts, default));
        VolumeTestSupport.Execute(reader, "COMMIT");

        using var restored = await VolumeArchives.RestoreAsync(new MemoryStream(image), null, Path.Combine(_directory.Path, "r"), null, TimeProvider.System, default);
        using var connection = restored.OpenConnection();
        Assert.Equal(expected, VolumeTestSupport.Scalar(connection, "SELECT group_concat(hex(v), '') FROM t"));
    }

    private static async Task<byte[]> ArchiveOfAsync(Volume volume, IAsyncEnumerable<ReadOnlyMemory<byte>> pages)
    {
        using var output = new MemoryStream();
        await using (var archive = await ArchiveWriter.CreateAsync(output, null, ArchiveHeader.VolumeImage, volume.Manifest.VolumeId, TimeProvider.System, default))
        {
            await foreach (var page in pages)
            {
                await archive.WriteAsync(page, default);
            }

            await archive.CompleteAsync(default);
        }

        return output.ToArray();
    }
}
