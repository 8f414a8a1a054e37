using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Volumes;

public sealed class VolumeTests : IDisposable
{
    private const string Marker = "MARKER-7f3a9c-plaintext-must-never-reach-disk";
    private const int WorkloadRows = 2000;
    private const int SortRows = 50_000;
    private const int BlobSize = 1024 * 1024;
    private readonly TestDirectory _directory = new();
    private readonly byte[] _dataKey = RandomNumberGenerator.GetBytes(32);

    private string VolumePath => Path.Combine(_directory.Path, "vol");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Create_WriteRowsThenReopen_ReadsThemBack()
    {
        using (var volume = CreateVolume())
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            for (var i = 0; i < 200; i++)
            {
                Execute(connection, $"INSERT INTO t (v) VALUES ('{Marker}-{i}')");
            }
        }

        using (var volume = Volume.Open(VolumePath, _dataKey))
        {
            using var connection = volume.OpenConnection();
            Assert.Equal(200L, Scalar(connection, "SELECT COUNT(*) FROM t"));
            Assert.Equal($"{Marker}-7", Scalar(connection, "SELECT v FROM t WHERE id = 8"));
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        }

        AssertNoPlaintext(Marker);
    }

    [Fact]
    public void RoundTrip_InsertsUpdatesDeletesIndexBlobsSortCheckpointVacuumThenReopen_DataIntactAndIntegrityOk()
    {
        var marker = NewMarker();
        using (var volume = CreateVolume())
        {
            RunWorkload(volume, marker);
            using var connection = volume.OpenConnection();
            VerifyWorkload(connection, marker);
        }

        using (var volume = Volume.Open(VolumePath, _dataKey))
        {
            using var connection = volume.OpenConnection();
            VerifyWorkload(connection, marker);
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
            Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        }
    }

    [Fact]
    public void EveryWritePath_MarkerInRowsBlobsIndexKeysAndSorts_NoPlaintextInVolumeOrNewTemporaryFiles()
    {
        var marker = NewMarker();
        var temporaryDirectories = TemporaryDirectories();
        var before = temporaryDirectories.SelectMany(FilesUnder).ToHashSet(StringComparer.Ordinal);

        using (var volume = CreateVolume())
        {
            RunWorkload(volume, marker);

            // While a connection is open the WAL and its index exist too: check them live, not only after close.
            using var connection = volume.OpenConnection();
            Execute(connection, "UPDATE rows SET body = $p0 WHERE id = 1", marker + "-live-wal");
            Assert.True(File.Exists(WalPath(VolumePath)), "the WAL should exist while a connection is open");
            Assert.Empty(FilesContaining(FilesUnder(_directory.Path), marker));
        }

        using (var volume = Volume.Open(VolumePath, _dataKey))
        {
            using var connection = volume.OpenConnection();
            VerifyWorkload(connection, marker, firstBody: marker + "-live-wal");
        }

        SqliteConnection.ClearAllPools();
        var volumeFiles = FilesUnder(_directory.Path);
        Assert.Contains(DatabasePath(VolumePath), volumeFiles);
        Assert.Empty(FilesContaining(volumeFiles, marker));

        var created = temporaryDirectories.SelectMany(FilesUnder).Where(file => !before.Contains(file)).ToList();
        Assert.Contains(DatabasePath(VolumePath), created); // the snapshot does see files made during the test
        Assert.Empty(FilesContaining(created, marker));
    }

    [Fact]
    public void Create_InNonEmptyDirectory_ThrowsVolumeExceptionAndLeavesFilesAlone()
    {
        Directory.CreateDirectory(VolumePath);
        var existing = Path.Combine(VolumePath, "something.txt");
        File.WriteAllText(existing, "keep me");

        var exception = Assert.Throws<VolumeException>(() => CreateVolume());

        Assert.Contains("not empty", exception.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(existing));
        Assert.False(File.Exists(Path.Combine(VolumePath, Volume.ManifestFileName)));
    }

    [Fact]
    public void Open_DirectoryWithoutVolume_ThrowsVolumeExceptionSayingManifestIsMissing()
    {
        var exception = Assert.Throws<VolumeException>(() => Volume.Open(Path.Combine(_directory.Path, "absent"), _dataKey));

        Assert.Contains(Volume.ManifestFileName, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Manifest_HoldsWrappedKeyArnAndContextButNeverTheDataKey()
    {
        string volumeId;
        using (var volume = CreateVolume())
        {
            volumeId = volume.Manifest.VolumeId;
        }

        var json = File.ReadAllBytes(Path.Combine(VolumePath, Volume.ManifestFileName));
        var manifest = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(volumeId, (string?)manifest["volumeId"]);
        Assert.Equal("AES-256-GCM", (string?)manifest["cipher"]);
        Assert.Equal(KeyArn, (string?)manifest["keyArn"]);
        Assert.Equal("cluster-TEST", (string?)manifest["encryptionContext"]!["aws:rds:db-id"]);
        Assert.Equal(Convert.ToBase64String([0xde, 0xad, 0xbe, 0xef]), (string?)manifest["wrappedKey"]);
        Assert.Equal(16, Convert.FromBase64String((string)manifest["salt"]!).Length);
        Assert.Equal(32, Convert.FromBase64String((string)manifest["mac"]!).Length);

        var text = Encoding.UTF8.GetString(json);
        Assert.True(json.AsSpan().IndexOf(_dataKey) < 0, "the raw data key is in the manifest");
        Assert.DoesNotContain(Convert.ToBase64String(_dataKey), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(_dataKey), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Create_OnUnix_VolumeDirectoryAndFilesAreOwnerOnly()
    {
        using var volume = CreateVolume();
        using var connection = volume.OpenConnection();
        Execute(connection, "CREATE TABLE t (v TEXT)");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(VolumePath));
        foreach (var name in new[] { Volume.ManifestFileName, Volume.DatabaseFileName, Volume.DatabaseFileName + "-wal", Volume.DatabaseFileName + "-shm" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(VolumePath, name)));
        }
    }

    [Fact]
    public void Open_SameDirectoryTwice_BothWorkAndDisposingOneLeavesTheOtherWorking()
    {
        using (var created = CreateVolume())
        {
            using var connection = created.OpenConnection();
            Execute(connection, "CREATE TABLE t (v TEXT)");
        }

        using var first = Volume.Open(VolumePath, _dataKey);
        var second = Volume.Open(VolumePath, _dataKey);
        using (var connection = second.OpenConnection())
        {
            Execute(connection, "INSERT INTO t VALUES ('from second')");
        }

        second.Dispose();

        using (var connection = first.OpenConnection())
        {
            Execute(connection, "INSERT INTO t VALUES ('from first')");
            Assert.Equal(["from second", "from first"], Rows(connection, "SELECT v FROM t ORDER BY rowid").Select(row => (string?)row[0]));
        }

        Assert.Throws<ObjectDisposedException>(() => second.OpenConnection());
    }

    [Fact]
    public void Open_EncryptedVolumeAlsoOpenAsUnencrypted_IsRefusedAndFirstStillWorks()
    {
        using var volume = CreateVolume();

        Assert.Throws<VolumeException>(() => Volume.OpenUnencrypted(VolumePath));

        using var connection = volume.OpenConnection();
        Execute(connection, "CREATE TABLE t (v TEXT)");
        Assert.Equal(0L, Count(connection, "t"));
    }

    [Fact]
    public void OpenConnection_AfterDispose_ThrowsObjectDisposedException()
    {
        var volume = CreateVolume();
        volume.Dispose();

        Assert.Throws<ObjectDisposedException>(() => volume.OpenConnection());
    }

    [Fact]
    public void Dispose_WithConnectionStillOpen_LaterStatementsFailAndCommittedRowsSurvive()
    {
        var volume = CreateVolume();
        using var connection = volume.OpenConnection();
        Execute(connection, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('committed')");

        volume.Dispose();

        // The keys are gone: the connection can neither write nor read through the cipher any more.
        Assert.ThrowsAny<SqliteException>(() => Execute(connection, "INSERT INTO t VALUES ('after dispose')"));
        Assert.ThrowsAny<SqliteException>(() => Count(connection, "t"));
        connection.Dispose();
        SqliteConnection.ClearAllPools();
        using var reopened = Volume.Open(VolumePath, _dataKey);
        using var check = reopened.OpenConnection();
        Assert.Equal(["committed"], Rows(check, "SELECT v FROM t").Select(row => (string?)row[0]));
        Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check"));
    }

    [Fact]
    public void Describe_SqliteErrorOtherThanAuthenticationFailure_ReturnsItUnchanged()
    {
        using var volume = CreateVolume();
        using var connection = volume.OpenConnection();
        var exception = Assert.ThrowsAny<SqliteException>(() => Execute(connection, "SELECT * FROM no_such_table"));

        Assert.Same(exception, volume.Describe(exception));
    }

    [Fact]
    public void Delete_VolumeStillOpen_IsRefusedAndKeepsItsData()
    {
        // Regression: deleting an open volume and creating another at its path used to hand the new volume the old
        // one's keys, losing everything written to it.
        using (var open = CreateVolume())
        {
            using (var connection = open.OpenConnection())
            {
                Execute(connection, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')");
            }

            var error = Assert.Throws<VolumeException>(() => Volume.Delete(VolumePath));

            Assert.Contains("still open", error.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(VolumePath, Volume.DatabaseFileName)));
        }

        using (var reopened = Volume.Open(VolumePath, _dataKey))
        using (var connection = reopened.OpenConnection())
        {
            Assert.Equal("kept", Scalar(connection, "SELECT v FROM t"));
        }

        Volume.Delete(VolumePath);
        var newKey = RandomNumberGenerator.GetBytes(32);
        using (var created = Volume.Create(VolumePath, KeyMaterial(newKey), TimeProvider.System))
        using (var connection = created.OpenConnection())
        {
            Execute(connection, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('new volume')");
        }

        using var again = Volume.Open(VolumePath, newKey);
        using var check = again.OpenConnection();
        Assert.Equal("new volume", Scalar(check, "SELECT v FROM t"));
    }

    [Fact]
    public void Create_ThroughSymlinkedDirectory_OpensAndReopens()
    {
        var real = Path.Combine(_directory.Path, "real");
        Directory.CreateDirectory(real);
        var link = Path.Combine(_directory.Path, "link");
        Directory.CreateSymbolicLink(link, real);
        var path = Path.Combine(link, "vol");

        using (var volume = Volume.Create(path, KeyMaterial(_dataKey), TimeProvider.System))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('via link')");
        }

        using (var volume = Volume.Open(path, _dataKey))
        {
            using var connection = volume.OpenConnection();
            Assert.Equal("via link", Scalar(connection, "SELECT v FROM t"));
        }

        Assert.True(File.Exists(Path.Combine(real, "vol", Volume.DatabaseFileName)));
    }

    /// <summary>
    /// Writes the marker through every path: rows, an index built before and one after the data, updates, deletes,
    /// 1 MiB blobs (overflow chains), all under a 1 MiB page cache so that transactions spill frames into the WAL
    /// and rewrite them in place; a 50k-row sort with no index (with temp_store=FILE and this cache it would spill to
    /// a temp file), a TRUNCATE checkpoint, an in-place VACUUM, and more writes left in the WAL.
    /// </summary>
    private static void RunWorkload(Volume volume, string marker)
    {
        using var connection = volume.OpenConnection();
        Execute(connection, "PRAGMA cache_size=-1024");
        Execute(connection, "CREATE TABLE rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL, body TEXT); CREATE INDEX rows_name ON rows (name)");
        using (var transaction = connection.BeginTransaction())
        {
            for (var i = 1; i <= WorkloadRows; i++)
            {
                Execute(connection, "INSERT INTO rows (id, name, body) VALUES ($p0, $p1, $p2)", i, Name(marker, i), Body(marker, i));
            }

            transaction.Commit();
        }

        Execute(connection, "UPDATE rows SET body = $p0 || '-updated-' || id WHERE id % 3 = 0", marker);
        Execute(connection, "DELETE FROM rows WHERE id % 10 = 0");

        Execute(connection, "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
        Execute(connection, "INSERT INTO blobs (id, data) VALUES (1, $p0), (2, $p1)", Blob(marker, 1), Blob(marker, 2));

        Execute(connection, "CREATE TABLE big (n INTEGER NOT NULL, s TEXT NOT NULL)");
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = Command(connection, "INSERT INTO big (n, s) VALUES ($p0, $p1)", 0, string.Empty);
            for (var n = 0; n < SortRows; n++)
            {
                insert.Parameters[0].Value = n;
                insert.Parameters[1].Value = SortKey(marker, n);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        // With a 1 MiB cache the sorter's in-memory limit is 1 MiB: with temp_store=FILE this sort would spill.
        VerifySort(connection, marker);
        Execute(connection, "CREATE INDEX big_s ON big (s)");

        var checkpoint = Rows(connection, "PRAGMA wal_checkpoint(TRUNCATE)").Single();
        Assert.Equal(0L, checkpoint[0]);
        Assert.Equal(0L, new FileInfo(WalPath(volume.Directory)).Length);

        Execute(connection, "VACUUM");
        Execute(connection, "UPDATE rows SET body = $p0 || '-after-vacuum' WHERE id = 2", marker);
    }

    private static void VerifyWorkload(SqliteConnection connection, string marker, string? firstBody = null)
    {
        Assert.Equal((long)(WorkloadRows - (WorkloadRows / 10)), Count(connection, "rows"));
        Assert.Equal(firstBody ?? Body(marker, 1), Scalar(connection, "SELECT body FROM rows WHERE id = 1"));
        Assert.Equal(marker + "-after-vacuum", Scalar(connection, "SELECT body FROM rows WHERE id = 2"));
        Assert.Equal(marker + "-updated-3", Scalar(connection, "SELECT body FROM rows WHERE id = 3"));
        Assert.Equal(Body(marker, 4), Scalar(connection, "SELECT body FROM rows WHERE id = 4"));
        Assert.Null(Scalar(connection, "SELECT body FROM rows WHERE id = 10"));
        Assert.Equal(1234L, Scalar(connection, "SELECT id FROM rows INDEXED BY rows_name WHERE name = $p0", Name(marker, 1234)));
        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM rows INDEXED BY rows_name WHERE name = $p0", Name(marker, 1230)));

        Assert.Equal(SHA256.HashData(Blob(marker, 1)), SHA256.HashData((byte[])Scalar(connection, "SELECT data FROM blobs WHERE id = 1")!));
        Assert.Equal(SHA256.HashData(Blob(marker, 2)), SHA256.HashData((byte[])Scalar(connection, "SELECT data FROM blobs WHERE id = 2")!));

        Assert.Equal((long)SortRows, Count(connection, "big"));
        Assert.Equal((long)SortRows * (SortRows - 1) / 2, Scalar(connection, "SELECT SUM(n) FROM big"));
        Assert.Equal(SortKey(marker, 0), Scalar(connection, "SELECT s FROM big INDEXED BY big_s WHERE n = 0 AND s = $p0", SortKey(marker, 0)));
        VerifySort(connection, marker);
    }

    /// <summary>ORDER BY over 50k rows with no usable index: a sorter run, checked row by row against the expected order.</summary>
    private static void VerifySort(SqliteConnection connection, string marker)
    {
        var expected = Enumerable.Range(0, SortRows).Select(n => SortKey(marker, n)).Order(StringComparer.Ordinal).Reverse().ToList();
        using var command = Command(connection, "SELECT s FROM big NOT INDEXED ORDER BY s DESC");
        using var reader = command.ExecuteReader();
        var index = 0;
        while (reader.Read())
        {
            Assert.Equal(expected[index++], reader.GetString(0));
        }

        Assert.Equal(SortRows, index);
    }

    private static string Name(string marker, int i) => $"{marker}-name-{i:D5}";

    private static string Body(string marker, int i) => $"{marker}-body-{i}-" + new string((char)('a' + (i % 26)), 300);

    // A permutation of 0..49999, so the sort has real work to do.
    private static string SortKey(string marker, int n) => $"{marker}-sort-{(n * 7919L) % SortRows:D5}-" + new string('s', 60);

    private static byte[] Blob(string marker, int id)
    {
        var blob = new byte[BlobSize];
        var offset = 0;
        for (var k = 0; offset < blob.Length; k++)
        {
            var piece = Encoding.UTF8.GetBytes($"{marker}:{id}:{k:D7};");
            var length = Math.Min(piece.Length, blob.Length - offset);
            piece.AsSpan(0, length).CopyTo(blob.AsSpan(offset));
            offset += length;
        }

        return blob;
    }

    private Volume CreateVolume() => Volume.Create(VolumePath, KeyMaterial(_dataKey), TimeProvider.System);

    private void AssertNoPlaintext(string marker) => Assert.Empty(FilesContaining(FilesUnder(_directory.Path), marker));
}
