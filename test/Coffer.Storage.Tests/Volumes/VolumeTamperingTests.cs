using System.Text;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>
/// Damage to data.db of a closed volume (everything checkpointed into it): every case must fail the read that
/// touches the page with an error that <see cref="Volume.Describe"/> turns into a <see cref="VolumeCorruptException"/>
/// naming the volume and the exact page, and no altered data may ever come back.
/// <para>
/// Which page holds which row is learned from an unencrypted twin built by the same statements: SQLite lays both
/// out identically, and the twin's pages can be searched for the rows' text.
/// </para>
/// </summary>
public sealed class VolumeTamperingTests : IDisposable
{
    private const int RowCount = 200;
    private readonly TestDirectory _directory = new();
    private readonly byte[] _key = NewKey();
    private readonly string _marker = NewMarker();
    private readonly Dictionary<int, long> _pageOfRow;
    private readonly long _pageCount;

    public VolumeTamperingTests()
    {
        _pageCount = Build(Create(VolumePath, _key));
        var twin = Path.Combine(_directory.Path, "twin");
        Assert.Equal(_pageCount, Build(Volume.CreateUnencrypted(twin, TimeProvider.System)));
        _pageOfRow = MapRowsToPages(DatabasePath(twin));
        Assert.Equal(RowCount, _pageOfRow.Count);
        Assert.Equal(new FileInfo(DatabasePath(twin)).Length, new FileInfo(DatabasePath(VolumePath)).Length);
    }

    private string VolumePath => Path.Combine(_directory.Path, "vol");

    private string DatabaseFile => DatabasePath(VolumePath);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Untampered_EveryRowReadsBackAndRowsSpanManyPages()
    {
        using var volume = Volume.Open(VolumePath, _key);
        using var connection = volume.OpenConnection();

        AssertAllRowsIntact(connection);
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        Assert.True(_pageOfRow.Values.Distinct().Count() > 40, "the rows should spread over many pages");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(100)]
    [InlineData(3000)]
    [InlineData(TrailerOffset + 2)] // epoch id
    [InlineData(TrailerOffset + 12)] // counter
    [InlineData(TrailerOffset + 31)] // tag
    public void BitFlippedInPage1_OpenConnectionThrowsCorruptNamingPage1(int offsetInPage)
    {
        FlipBit(DatabaseFile, PageOffset(1) + offsetInPage, bit: 5);

        using var volume = Volume.Open(VolumePath, _key);
        var corrupt = Assert.Throws<VolumeCorruptException>(() => volume.OpenConnection());

        AssertNamesPage(volume, corrupt, 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2048)]
    [InlineData(TrailerOffset - 1)] // last ciphertext byte
    [InlineData(TrailerOffset)] // epoch id, first byte
    [InlineData(TrailerOffset + 11)] // epoch id, last byte
    [InlineData(TrailerOffset + 12)] // counter, first byte
    [InlineData(TrailerOffset + 15)] // counter, last byte
    [InlineData(TrailerOffset + 16)] // tag, first byte
    [InlineData(PageSize - 1)] // tag, last byte
    public void BitFlippedInLaterPage_ReadTouchingItThrowsCorruptNamingThatPage(int offsetInPage)
    {
        const int row = 120;
        var page = _pageOfRow[row];
        FlipBit(DatabaseFile, PageOffset(page) + offsetInPage, bit: 7);

        AssertOnlyPagesFail(row, page);
    }

    [Fact]
    public void TwoPagesSwapped_ReadOfEitherThrowsCorruptNamingItsPosition()
    {
        const int first = 30;
        const int second = 170;
        var pageA = _pageOfRow[first];
        var pageB = _pageOfRow[second];
        Assert.NotEqual(pageA, pageB);
        var a = ReadPage(DatabaseFile, pageA);
        var b = ReadPage(DatabaseFile, pageB);
        WritePage(DatabaseFile, pageA, b);
        WritePage(DatabaseFile, pageB, a);

        AssertOnlyPagesFail(first, pageA, (second, pageB));
    }

    [Fact]
    public void PageCopiedFromVolumeWithAnotherKey_ThrowsCorruptNamingThatPage()
    {
        var other = Path.Combine(_directory.Path, "other");
        Assert.Equal(_pageCount, Build(Create(other, NewKey())));
        const int row = 77;
        var page = _pageOfRow[row];

        WritePage(DatabaseFile, page, ReadPage(DatabasePath(other), page));

        AssertOnlyPagesFail(row, page);
    }

    [Fact]
    public void PageCopiedFromVolumeWithSameDataKeyButOwnSalt_ThrowsCorruptNamingThatPage()
    {
        var other = Path.Combine(_directory.Path, "same-key");
        Assert.Equal(_pageCount, Build(Create(other, _key)));
        const int row = 150;
        var page = _pageOfRow[row];

        WritePage(DatabaseFile, page, ReadPage(DatabasePath(other), page));

        AssertOnlyPagesFail(row, page);
    }

    [Fact]
    public void PageZeroedInsideFile_ThrowsCorruptNamingThatPage()
    {
        const int row = 60;
        var page = _pageOfRow[row];
        Assert.True(page < _pageCount, "the zeroed page should not be the last one");

        WritePage(DatabaseFile, page, new byte[PageSize]);

        AssertOnlyPagesFail(row, page);
    }

    [Fact]
    public void LastPageZeroed_ThrowsCorruptNamingThatPage()
    {
        var row = _pageOfRow.Where(pair => pair.Value == _pageCount).Select(pair => pair.Key).First();

        WritePage(DatabaseFile, _pageCount, new byte[PageSize]);

        AssertOnlyPagesFail(row, _pageCount);
    }

    [Fact]
    public void FileTruncatedByOnePage_ReadsFailAndReturnNoRows()
    {
        using (var stream = new FileStream(DatabaseFile, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length - PageSize);
        }

        using var volume = Volume.Open(VolumePath, _key);
        var exception = Assert.ThrowsAny<SqliteException>(() =>
        {
            using var connection = volume.OpenConnection();
            Rows(connection, "SELECT id, v FROM t");
        });
        Assert.Equal(11, exception.SqliteErrorCode); // SQLITE_CORRUPT: the header's page count exceeds the file
    }

    [Fact]
    public void FileTruncatedInsideLastPage_ReadThrowsCorruptNamingThatPage()
    {
        var row = _pageOfRow.Where(pair => pair.Value == _pageCount).Select(pair => pair.Key).First();
        using (var stream = new FileStream(DatabaseFile, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length - (PageSize / 2));
        }

        AssertOnlyPagesFail(row, _pageCount);
    }

    [Fact]
    public void AfterCorruptPage_OtherSqliteErrors_AreNotDescribedAsCorruption()
    {
        var page = _pageOfRow[10];
        FlipBit(DatabaseFile, PageOffset(page) + 10);
        using var volume = Volume.Open(VolumePath, _key);
        using var connection = volume.OpenConnection();
        Assert.IsType<VolumeCorruptException>(DescribedFailure(volume, () => Scalar(connection, "SELECT v FROM t WHERE id = 10")));

        var other = Assert.ThrowsAny<SqliteException>(() => Scalar(connection, "SELECT * FROM no_such_table"));

        Assert.Same(other, volume.Describe(other));
    }

    [Fact(Skip = "BUG (design gap): a page replaced by an older version of itself from the same volume is not detected and its stale rows are returned as current. The AAD binds only 'D' and the page number, nothing that versions a page, so an old ciphertext of page N still authenticates; storage-format.md and threat-model.md only list whole-file rollback as undetected.")]
    public void PageReplacedWithOlderVersionOfItself_IsDetected()
    {
        const int row = 90;
        var page = _pageOfRow[row];
        var old = ReadPage(DatabaseFile, page);
        using (var volume = Volume.Open(VolumePath, _key))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "UPDATE t SET v = $p0 WHERE id = $p1", Value(row).Replace("ROW", "NEW", StringComparison.Ordinal), row);
        }

        WritePage(DatabaseFile, page, old);

        AssertOnlyPagesFail(row, page);
    }

    /// <summary>
    /// A point read of <paramref name="row"/> must fail naming <paramref name="page"/> (and likewise for
    /// <paramref name="others"/>); rows on untouched pages still read back exactly; a full scan returns only correct
    /// rows before it fails.
    /// </summary>
    private void AssertOnlyPagesFail(int row, long page, params (int Row, long Page)[] others)
    {
        using var volume = Volume.Open(VolumePath, _key);
        using var connection = volume.OpenConnection();
        foreach (var (damagedRow, damagedPage) in others.Prepend((row, page)))
        {
            var exception = DescribedFailure(volume, () => Scalar(connection, "SELECT v FROM t WHERE id = $p0", damagedRow));
            AssertNamesPage(volume, Assert.IsType<VolumeCorruptException>(exception), damagedPage);
        }

        var damaged = others.Select(other => other.Page).Append(page).ToHashSet();
        var intact = _pageOfRow.Where(pair => !damaged.Contains(pair.Value)).Select(pair => pair.Key).ToList();
        Assert.NotEmpty(intact);
        foreach (var id in intact)
        {
            Assert.Equal(Value(id), Scalar(connection, "SELECT v FROM t WHERE id = $p0", id));
        }

        var scanned = 0;
        var scan = DescribedFailure(volume, () =>
        {
            using var command = Command(connection, "SELECT id, v FROM t ORDER BY id");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                Assert.Equal(Value(reader.GetInt32(0)), reader.GetString(1));
                scanned++;
            }
        });
        Assert.IsType<VolumeCorruptException>(scan);
        Assert.True(scanned < RowCount, "the scan returned every row although a page is damaged");
    }

    private static void AssertNamesPage(Volume volume, VolumeCorruptException corrupt, long page)
    {
        Assert.Equal(volume.Manifest.VolumeId, corrupt.Volume);
        Assert.Equal(page, corrupt.PageNumber);
        Assert.Contains(volume.Manifest.VolumeId, corrupt.Message, StringComparison.Ordinal);
        Assert.Contains($"page {page} of data.db ", corrupt.Message, StringComparison.Ordinal);
    }

    private void AssertAllRowsIntact(SqliteConnection connection)
    {
        var rows = Rows(connection, "SELECT id, v FROM t ORDER BY id");
        Assert.Equal(Enumerable.Range(1, RowCount).Select(id => ((long)id, Value(id))), rows.Select(row => ((long)row[0]!, (string)row[1]!)));
    }

    /// <summary>Writes the rows, closes the volume (checkpointing everything into data.db) and returns the page count.</summary>
    private long Build(Volume volume)
    {
        using (volume)
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            using (var transaction = connection.BeginTransaction())
            {
                for (var id = 1; id <= RowCount; id++)
                {
                    Execute(connection, "INSERT INTO t (id, v) VALUES ($p0, $p1)", id, Value(id));
                }

                transaction.Commit();
            }

            Assert.Equal(0L, Scalar(connection, "PRAGMA freelist_count"));
            return (long)Scalar(connection, "PRAGMA page_count")!;
        }
    }

    private static Dictionary<int, long> MapRowsToPages(string plainDatabase)
    {
        var bytes = File.ReadAllBytes(plainDatabase);
        var map = new Dictionary<int, long>();
        for (var id = 1; id <= RowCount; id++)
        {
            var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(RowTag(id)));
            Assert.True(at >= 0, $"row {id} not found in the unencrypted twin");
            map[id] = (at / PageSize) + 1;
        }

        return map;
    }

    private static string RowTag(int id) => $"ROW{id:D4}|";

    private string Value(int id) => RowTag(id) + _marker + "|" + new string((char)('a' + (id % 26)), 900);
}
