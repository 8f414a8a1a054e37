using System.Text.Json.Nodes;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>
/// Unencrypted volumes take the same VFS path with the cipher off: a normal SQLite file (with Coffer's page layout)
/// that plain SQLite can read. They are also the control that makes the "no plaintext" tests meaningful.
/// </summary>
public sealed class UnencryptedVolumeTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly string _marker = NewMarker();

    private string PlainPath => Path.Combine(_directory.Path, "plain");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void CreateUnencrypted_WriteCloseOpenUnencrypted_ReadsRowsBack()
    {
        using (var volume = Volume.CreateUnencrypted(PlainPath, TimeProvider.System))
        {
            Write(volume);
        }

        using (var volume = Volume.OpenUnencrypted(PlainPath))
        {
            using var connection = volume.OpenConnection();
            AssertRows(connection);
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
            Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        }
    }

    [Fact]
    public void CreateUnencrypted_Page1_IsSqliteHeaderWith4096BytePagesReserve32AndWal()
    {
        using (var volume = Volume.CreateUnencrypted(PlainPath, TimeProvider.System))
        {
            Write(volume);
        }

        var header = ReadBytes(DatabasePath(PlainPath), 0, 100);
        Assert.Equal("SQLite format 3\0"u8.ToArray(), header[..16]);
        Assert.Equal(0x10, header[16]);
        Assert.Equal(0x00, header[17]);
        Assert.Equal(2, header[18]); // write version: WAL
        Assert.Equal(2, header[19]); // read version: WAL
        Assert.Equal(32, header[20]); // reserved bytes per page
    }

    [Fact]
    public void CreateUnencrypted_ManifestSaysNoCipherAndHasNoKeyFields()
    {
        Volume.CreateUnencrypted(PlainPath, TimeProvider.System).Dispose();

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(PlainPath, Volume.ManifestFileName)))!.AsObject();
        Assert.Equal("none", (string?)manifest["cipher"]);
        Assert.Equal(string.Empty, (string?)manifest["salt"]);
        Assert.Equal(string.Empty, (string?)manifest["mac"]);
        Assert.Equal(string.Empty, (string?)manifest["wrappedKey"]);
    }

    [Fact]
    public void SameWorkload_MarkerInUnencryptedFilesButNotInEncryptedOnes()
    {
        var encryptedPath = Path.Combine(_directory.Path, "encrypted");
        using (var plain = Volume.CreateUnencrypted(PlainPath, TimeProvider.System))
        {
            Write(plain);
        }

        using (var encrypted = Create(encryptedPath, NewKey()))
        {
            Write(encrypted);
        }

        Assert.Equal([DatabasePath(PlainPath)], FilesContaining(FilesUnder(PlainPath), _marker));
        Assert.Empty(FilesContaining(FilesUnder(encryptedPath), _marker));
        Assert.NotEqual("SQLite format 3\0"u8.ToArray(), ReadBytes(DatabasePath(encryptedPath), 0, 16));
    }

    [Fact]
    public void CreateUnencrypted_CopyOfDatabase_OpensWithPlainSqlite()
    {
        using (var volume = Volume.CreateUnencrypted(PlainPath, TimeProvider.System))
        {
            Write(volume);
        }

        var copy = Path.Combine(_directory.Path, "copy.db");
        File.Copy(DatabasePath(PlainPath), copy);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        connection.Open();
        AssertRows(connection);
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
    }

    [Fact]
    public void CreateUnencrypted_RollbackJournalMode_RefusedAsOnEncryptedVolumes()
    {
        using var volume = Volume.CreateUnencrypted(PlainPath, TimeProvider.System);
        using var connection = volume.OpenConnection();

        var exception = Assert.ThrowsAny<SqliteException>(() => Execute(connection, "PRAGMA journal_mode=DELETE"));

        Assert.Contains("WAL", exception.Message, StringComparison.Ordinal);
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
    }

    private void Write(Volume volume)
    {
        using var connection = volume.OpenConnection();
        Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); CREATE INDEX t_v ON t (v)");
        for (var i = 1; i <= 100; i++)
        {
            Execute(connection, "INSERT INTO t (id, v) VALUES ($p0, $p1)", i, Value(i));
        }

        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private void AssertRows(SqliteConnection connection) =>
        Assert.Equal(Enumerable.Range(1, 100).Select(i => ((long)i, Value(i))), Rows(connection, "SELECT id, v FROM t ORDER BY id").Select(row => ((long)row[0]!, (string)row[1]!)));

    private string Value(int i) => $"{_marker}-{i}-" + new string('u', 50);
}
