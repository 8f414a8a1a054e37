using System.Security.Cryptography;
using System.Text;
using Coffer.Storage.Archives;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Tests.Archives;

public sealed class VolumeArchivesTests : IDisposable
{
    private const string Marker = "ARCHIVE-MARKER-91be2d-never-in-clear";
    private readonly TestDirectory _directory = new();
    private readonly byte[] _volumeKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _archiveKey = RandomNumberGenerator.GetBytes(32);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task WriteSnapshotThenRestore_UnderANewKey_GivesTheSameRows()
    {
        using var source = CreateSourceWithRows(500);
        var archive = Path.Combine(_directory.Path, "snap.arc");
        ArchiveManifest written;
        await using (var output = File.Create(archive))
        {
            written = await VolumeArchives.WriteSnapshotAsync(source, output, ArchiveKey(_archiveKey), TimeProvider.System, default);
        }

        var restoredKey = RandomNumberGenerator.GetBytes(32);
        await using var input = File.OpenRead(archive);
        using var restored = await VolumeArchives.RestoreAsync(input, _archiveKey, Path.Combine(_directory.Path, "restored"), new VolumeKeyMaterial(restoredKey, [9], "arn:aws:kms:us-east-1:111122223333:key/new", new Dictionary<string, string>()), TimeProvider.System, default);

        Assert.Equal(source.Manifest.VolumeId, written.SourceVolumeId);
        Assert.NotEqual(source.Manifest.VolumeId, restored.Manifest.VolumeId);
        Assert.Equal(written.TotalSize, written.ChunkCount == 0 ? 0 : written.TotalSize);
        Assert.Equal(0, written.TotalSize % 4096);
        Assert.Equal(Rows(source), Rows(restored));
        Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(restored.Directory, _volumeKey));
        AssertNotInAnyFile(Marker);
    }

    [Fact]
    public async Task Restore_WithoutVolumeKey_GivesAnUnencryptedVolumeWithTheSameRows()
    {
        using var source = CreateSourceWithRows(50);
        var archive = await SnapshotToBytesAsync(source);

        using var restored = await VolumeArchives.RestoreAsync(new MemoryStream(archive), _archiveKey, Path.Combine(_directory.Path, "plain"), null, TimeProvider.System, default);

        Assert.False(restored.Manifest.IsEncrypted);
        Assert.Equal(Rows(source), Rows(restored));
    }

    [Fact]
    public async Task WriteSnapshot_WhileAWriterCommits_IsConsistentAndDoesNotBlockIt()
    {
        using var source = CreateSourceWithRows(2000);
        using var stop = new CancellationTokenSource();
        var committed = 0;
        var writer = Task.Run(() =>
        {
            using var connection = source.OpenConnection();
            while (!stop.IsCancellationRequested)
            {
                using var transaction = connection.BeginTransaction();
                for (var i = 0; i < 10; i++)
                {
                    using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO items (name, payload) VALUES ('during', randomblob(3000))";
                    insert.ExecuteNonQuery();
                }

                using var balance = connection.CreateCommand();
                balance.Transaction = transaction;
                balance.CommandText = "UPDATE ledger SET total = total + 10";
                balance.ExecuteNonQuery();
                transaction.Commit();
                Interlocked.Increment(ref committed);
            }
        });

        await WaitForCommitsAsync(() => Volatile.Read(ref committed) >= 5, writer);

        var archive = await SnapshotToBytesAsync(source);
        var duringSnapshot = Volatile.Read(ref committed);
        await WaitForCommitsAsync(() => Volatile.Read(ref committed) >= duringSnapshot + 5, writer);

        await stop.CancelAsync();
        await writer;

        using var restored = await VolumeArchives.RestoreAsync(new MemoryStream(archive), _archiveKey, Path.Combine(_directory.Path, "r"), null, TimeProvider.System, default);
        using var connection = restored.OpenConnection();
        var during = (long)Scalar(connection, "SELECT COUNT(*) FROM items WHERE name = 'during'")!;
        var total = (long)Scalar(connection, "SELECT total FROM ledger")!;
        Assert.Equal(during, total);
        Assert.True(during > 0, "the snapshot should include commits made before it started");
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
    }

    [Fact]
    public async Task ReEncrypt_UnderANewKey_ChangesEveryRecordButNotTheContent()
    {
        using var source = CreateSourceWithRows(300);
        var original = await SnapshotToBytesAsync(source);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var copy = new MemoryStream();

        var copied = await VolumeArchives.ReEncryptAsync(new MemoryStream(original), _archiveKey, copy, ArchiveKey(newKey, "arn:aws:kms:eu-west-1:111122223333:key/dest"), TimeProvider.System, default);

        var originalManifest = await VolumeArchives.VerifyAsync(new MemoryStream(original), _archiveKey, default);
        Assert.Equal(originalManifest.ContentSha256, copied.ContentSha256);
        Assert.NotEqual(originalManifest.ArchiveId, copied.ArchiveId);
        Assert.Equal(copied, await VolumeArchives.VerifyAsync(new MemoryStream(copy.ToArray()), newKey, default));
        await Assert.ThrowsAsync<ArchiveCorruptException>(() => VolumeArchives.VerifyAsync(new MemoryStream(copy.ToArray()), _archiveKey, default));
        var header = (await ArchiveReader.OpenAsync(new MemoryStream(copy.ToArray()), default)).Header;
        Assert.Equal("arn:aws:kms:eu-west-1:111122223333:key/dest", header.KeyArn);
        Assert.Equal(-1, copy.ToArray().AsSpan(200).IndexOf(original.AsSpan(original.Length / 2, 64)));
        using var restored = await VolumeArchives.RestoreAsync(new MemoryStream(copy.ToArray()), newKey, Path.Combine(_directory.Path, "from-copy"), null, TimeProvider.System, default);
        Assert.Equal(Rows(source), Rows(restored));
    }

    [Fact]
    public async Task Restore_TamperedArchive_ThrowsAndLeavesNothingBehind()
    {
        using var source = CreateSourceWithRows(100);
        var archive = await SnapshotToBytesAsync(source);
        archive[archive.Length / 2] ^= 0x04;
        var target = Path.Combine(_directory.Path, "target");

        await Assert.ThrowsAsync<ArchiveCorruptException>(() => VolumeArchives.RestoreAsync(new MemoryStream(archive), _archiveKey, target, null, TimeProvider.System, default));

        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetDirectories(_directory.Path, "target*"));
    }

    [Fact]
    public async Task RemoveAbandonedRestores_RemovesTheBuildDirectoriesACrashLeft_AndNothingElse()
    {
        var parent = Path.Combine(_directory.Path, "clusters");
        using var source = CreateSourceWithRows(10);
        var archive = await SnapshotToBytesAsync(source);
        using (await VolumeArchives.RestoreAsync(new MemoryStream(archive), _archiveKey, Path.Combine(parent, "cluster-KEPT"), null, TimeProvider.System, default))
        {
        }

        // What kill -9 during a restore leaves: the sibling it was building in, never moved into place.
        var abandoned = Path.Combine(parent, "cluster-CRASHED.restoring-0123456789ab");
        Directory.CreateDirectory(abandoned);
        await File.WriteAllBytesAsync(Path.Combine(abandoned, Volume.DatabaseFileName), new byte[8192]);

        var removed = VolumeArchives.RemoveAbandonedRestores(parent);

        Assert.Equal(1, removed);
        Assert.Equal(["cluster-KEPT"], Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName));
        Assert.Equal(0, VolumeArchives.RemoveAbandonedRestores(Path.Combine(_directory.Path, "absent")));
    }

    [Fact]
    public async Task Restore_WithTheWrongArchiveKey_Throws()
    {
        using var source = CreateSourceWithRows(10);
        var archive = await SnapshotToBytesAsync(source);

        var error = await Assert.ThrowsAsync<ArchiveCorruptException>(() => VolumeArchives.RestoreAsync(new MemoryStream(archive), RandomNumberGenerator.GetBytes(32), Path.Combine(_directory.Path, "t"), null, TimeProvider.System, default));

        Assert.Contains("cannot be decrypted with this key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_OfAnUnencryptedVolume_IsUnencryptedAndRestoresUnderAKey()
    {
        using var source = Volume.CreateUnencrypted(Path.Combine(_directory.Path, "plain-source"), TimeProvider.System);
        using (var connection = source.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, payload BLOB); INSERT INTO items (name) VALUES ('plain-row');";
            command.ExecuteNonQuery();
        }

        var output = new MemoryStream();
        var manifest = await VolumeArchives.WriteSnapshotAsync(source, output, null, TimeProvider.System, default);
        var archive = output.ToArray();

        Assert.Equal(manifest, await VolumeArchives.VerifyAsync(new MemoryStream(archive), null, default));
        await Assert.ThrowsAsync<ArchiveCorruptException>(() => VolumeArchives.VerifyAsync(new MemoryStream(archive), _archiveKey, default));
        var damaged = (byte[])archive.Clone();
        damaged[^40] ^= 1;
        await Assert.ThrowsAsync<ArchiveCorruptException>(() => VolumeArchives.VerifyAsync(new MemoryStream(damaged), null, default));
        var key = RandomNumberGenerator.GetBytes(32);
        using var restored = await VolumeArchives.RestoreAsync(new MemoryStream(archive), null, Path.Combine(_directory.Path, "now-encrypted"), new VolumeKeyMaterial(key, [], null, new Dictionary<string, string>()), TimeProvider.System, default);
        Assert.True(restored.Manifest.IsEncrypted);
        Assert.Equal(Rows(source), Rows(restored));
    }

    /// <summary>Waits until <paramref name="done"/> holds; a writer that died fails the test instead of hanging it.</summary>
    private static async Task WaitForCommitsAsync(Func<bool> done, Task writer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!done())
        {
            if (writer.IsCompleted)
            {
                await writer;
                Assert.Fail("The writer stopped before committing enough transactions.");
            }

            await Task.Delay(1, timeout.Token);
        }
    }

    private Volume CreateSourceWithRows(int rows)
    {
        var volume = Volume.Create(Path.Combine(_directory.Path, "source"), new VolumeKeyMaterial(_volumeKey, [1], "arn:aws:kms:us-east-1:111122223333:key/src", new Dictionary<string, string>()), TimeProvider.System);
        using var connection = volume.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, payload BLOB); CREATE INDEX items_name ON items (name); CREATE TABLE ledger (total INTEGER NOT NULL); INSERT INTO ledger VALUES (0);";
            create.ExecuteNonQuery();
        }

        for (var i = 0; i < rows; i++)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO items (name, payload) VALUES ($name, $payload)";
            insert.Parameters.AddWithValue("$name", $"{Marker}-{i}");
            insert.Parameters.AddWithValue("$payload", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Marker, i % 50))));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return volume;
    }

    private async Task<byte[]> SnapshotToBytesAsync(Volume source)
    {
        var output = new MemoryStream();
        await VolumeArchives.WriteSnapshotAsync(source, output, ArchiveKey(_archiveKey), TimeProvider.System, default);
        return output.ToArray();
    }

    private static VolumeKeyMaterial ArchiveKey(byte[] key, string arn = "arn:aws:kms:us-east-1:111122223333:key/archive") =>
        new(key, [7, 7, 7], arn, new Dictionary<string, string> { ["aws:rds:db-id"] = "cluster-TEST" });

    private static List<string> Rows(Volume volume)
    {
        using var connection = volume.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id || ':' || name || ':' || length(coalesce(payload, '')) || ':' || hex(substr(coalesce(payload, ''), 1, 16)) FROM items ORDER BY id";
        var rows = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void AssertNotInAnyFile(string marker)
    {
        Assert.Empty(DiskScan.FilesContaining(_directory.Path, marker));
    }
}
