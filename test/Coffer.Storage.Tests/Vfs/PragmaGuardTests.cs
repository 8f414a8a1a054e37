using Coffer.Storage.Vfs;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Vfs;

/// <summary>
/// What would let SQL write plaintext, or weaken a volume, is refused: other journal modes, file-backed temp storage,
/// memory-mapped I/O, another page size, SQLCipher-style key pragmas, and opening any file that is not a registered
/// volume's database or WAL (ATTACH, VACUUM INTO, temp files).
/// </summary>
public sealed class PragmaGuardTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly string _marker = NewMarker();
    private readonly Volume _volume;
    private readonly SqliteConnection _connection;

    public PragmaGuardTests()
    {
        _volume = Create(Path.Combine(_directory.Path, "vol"), NewKey());
        _connection = _volume.OpenConnection();
        Execute(_connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        using var transaction = _connection.BeginTransaction();
        for (var i = 1; i <= 500; i++)
        {
            Execute(_connection, "INSERT INTO t (id, v) VALUES ($p0, $p1)", i, Value(i));
        }

        transaction.Commit();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _volume.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("PRAGMA journal_mode=DELETE")]
    [InlineData("PRAGMA journal_mode=TRUNCATE")]
    [InlineData("PRAGMA journal_mode=MEMORY")]
    [InlineData("PRAGMA journal_mode=OFF")]
    [InlineData("PRAGMA journal_mode=PERSIST")]
    [InlineData("PRAGMA journal_mode = 'delete'")]
    [InlineData("PRAGMA main.journal_mode=DELETE")]
    [InlineData("PRAGMA journal_mode(DELETE)")]
    public void JournalMode_OtherThanWal_RefusedWithMessageAndModeStaysWal(string pragma)
    {
        var exception = Assert.ThrowsAny<SqliteException>(() => Execute(_connection, pragma));

        Assert.Contains("WAL", exception.Message, StringComparison.Ordinal);
        Assert.Equal("wal", Scalar(_connection, "PRAGMA journal_mode"));
        Execute(_connection, "INSERT INTO t (id, v) VALUES (1000, 'still writable')");
        Assert.False(File.Exists(DatabasePath(_volume.Directory) + "-journal"));
    }

    [Theory]
    [InlineData("PRAGMA journal_mode=WAL")]
    [InlineData("PRAGMA journal_mode=wal")]
    public void JournalMode_Wal_Allowed(string pragma)
    {
        Assert.Equal("wal", Scalar(_connection, pragma));
    }

    [Theory]
    [InlineData("PRAGMA temp_store=FILE")]
    [InlineData("PRAGMA temp_store=DEFAULT")]
    [InlineData("PRAGMA temp_store=1")]
    [InlineData("PRAGMA temp_store=0")]
    public void TempStore_OtherThanMemory_RefusedAndStaysMemory(string pragma)
    {
        var exception = Assert.ThrowsAny<SqliteException>(() => Execute(_connection, pragma));

        Assert.Contains("temp_store=MEMORY", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2L, Scalar(_connection, "PRAGMA temp_store"));
    }

    [Theory]
    [InlineData("PRAGMA temp_store=MEMORY")]
    [InlineData("PRAGMA temp_store=2")]
    public void TempStore_Memory_Allowed(string pragma)
    {
        Execute(_connection, pragma);

        Assert.Equal(2L, Scalar(_connection, "PRAGMA temp_store"));
    }

    [Theory]
    [InlineData("PRAGMA mmap_size=1000000")]
    [InlineData("PRAGMA mmap_size=1")]
    [InlineData("PRAGMA main.mmap_size=268435456")]
    public void MmapSize_NonZero_RefusedAndStaysZero(string pragma)
    {
        var exception = Assert.ThrowsAny<SqliteException>(() => Execute(_connection, pragma));

        Assert.Contains("Memory-mapped", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(_connection, "PRAGMA mmap_size"));
    }

    [Fact]
    public void MmapSize_Zero_Allowed()
    {
        Assert.Equal(0L, Scalar(_connection, "PRAGMA mmap_size=0"));
    }

    [Theory]
    [InlineData("PRAGMA page_size=8192")]
    [InlineData("PRAGMA page_size=1024")]
    [InlineData("PRAGMA page_size=65536")]
    public void PageSize_Other_RefusedAndStays4096(string pragma)
    {
        var exception = Assert.ThrowsAny<SqliteException>(() => Execute(_connection, pragma));

        Assert.Contains("4096", exception.Message, StringComparison.Ordinal);
        Assert.Equal(4096L, Scalar(_connection, "PRAGMA page_size"));
    }

    [Theory]
    [InlineData("PRAGMA key='x'")]
    [InlineData("PRAGMA rekey='x'")]
    [InlineData("PRAGMA hexkey='00'")]
    [InlineData("PRAGMA hexrekey='00'")]
    public void KeyPragmas_Refused(string pragma)
    {
        var exception = Assert.ThrowsAny<SqliteException>(() => Execute(_connection, pragma));

        Assert.Contains("managed by Coffer", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_NewFileThroughVolumeConnection_RefusedAndNoFileCreated()
    {
        var target = Path.Combine(_directory.Path, "attached.db");

        Assert.ThrowsAny<SqliteException>(() => Execute(_connection, "ATTACH DATABASE $p0 AS x", target));

        Assert.False(File.Exists(target));
        Assert.DoesNotContain("x", Rows(_connection, "PRAGMA database_list").Select(row => (string?)row[1]));
    }

    [Fact]
    public void Attach_UriNamingUnixVfs_RefusedAndNoFileCreated()
    {
        var target = Path.Combine(_directory.Path, "uri.db");

        Assert.ThrowsAny<SqliteException>(() => Execute(_connection, "ATTACH DATABASE $p0 AS x", $"file:{target}?vfs=unix"));

        Assert.False(File.Exists(target));
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*uri.db*", SearchOption.AllDirectories));
    }

    [Fact]
    public void VacuumInto_NewFile_RefusedAndNoFileWithPlaintext()
    {
        var target = Path.Combine(_directory.Path, "copy.db");

        Assert.ThrowsAny<SqliteException>(() => Execute(_connection, "VACUUM INTO $p0", target));

        Assert.False(File.Exists(target));
        Assert.Empty(FilesContaining(FilesUnder(_directory.Path), _marker));
    }

    [Fact]
    public void Vacuum_InPlace_ShrinksFileKeepsDataAndWritesNoPlaintext()
    {
        Execute(_connection, "DELETE FROM t WHERE id % 2 = 0");
        var pagesBefore = (long)Scalar(_connection, "PRAGMA page_count")!;

        Execute(_connection, "VACUUM");

        Assert.True((long)Scalar(_connection, "PRAGMA page_count")! < pagesBefore, "VACUUM should have dropped the freed pages");
        Assert.Equal(0L, Scalar(_connection, "PRAGMA freelist_count"));
        Assert.Equal(Enumerable.Range(1, 500).Where(i => i % 2 == 1).Select(i => ((long)i, Value(i))), Rows(_connection, "SELECT id, v FROM t ORDER BY id").Select(row => ((long)row[0]!, (string)row[1]!)));
        Assert.Equal("ok", Scalar(_connection, "PRAGMA integrity_check"));
        Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        Assert.Empty(FilesContaining(FilesUnder(_directory.Path), _marker));
    }

    [Fact]
    public void TempTable_ManyRows_KeptInMemoryAndWorks()
    {
        Execute(_connection, "CREATE TEMP TABLE scratch AS SELECT id, v FROM t; INSERT INTO scratch SELECT id + 1000, v FROM scratch");

        Assert.Equal(1000L, Count(_connection, "temp.scratch"));
        Assert.Empty(FilesContaining(FilesUnder(_directory.Path), _marker));
    }

    [Fact]
    public void RawConnectionWithFileTempStore_SortNeedingTempFile_RefusedByVfsWithoutWritingPlaintext()
    {
        // A connection opened on the VFS without Volume.OpenConnection's set-up: temp_store is the build's default
        // (files), so a sort larger than the small cache needs a temp file, which the VFS must refuse.
        var raw = new SqliteConnectionStringBuilder { DataSource = _volume.DatabasePath, Vfs = CofferVfs.Name, Pooling = false }.ToString();
        using var connection = new SqliteConnection(raw);
        connection.Open();
        Assert.Equal(0L, Scalar(connection, "PRAGMA temp_store"));
        Execute(connection, "PRAGMA cache_size=-256");
        Execute(connection, "CREATE TABLE IF NOT EXISTS big (s TEXT NOT NULL)");
        using (var transaction = connection.BeginTransaction())
        {
            for (var i = 0; i < 20_000; i++)
            {
                Execute(connection, "INSERT INTO big VALUES ($p0)", $"{_marker}-{(i * 7919L) % 20_000:D5}-" + new string('x', 100));
            }

            transaction.Commit();
        }

        var exception = Assert.ThrowsAny<SqliteException>(() => Rows(connection, "SELECT s FROM big ORDER BY s"));

        Assert.Equal(14, exception.SqliteErrorCode); // SQLITE_CANTOPEN: the temp file was refused
        Assert.Contains("temporary file", CofferVfs.LastRefusal, StringComparison.Ordinal);
        Assert.Empty(FilesContaining(FilesUnder(_directory.Path), _marker));
    }

    private string Value(int i) => $"{_marker}-{i}-" + new string('p', 200);
}
