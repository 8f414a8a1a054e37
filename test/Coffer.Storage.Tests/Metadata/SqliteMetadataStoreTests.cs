using System.Globalization;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Storage.Tests.Metadata;

public sealed class SqliteMetadataStoreTests : IDisposable
{
    private static readonly MetadataMigration[] Widgets =
    [
        new("widgets", 1, "widgets table", "CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"),
        new("widgets", 2, "widget colour", "ALTER TABLE widgets ADD COLUMN colour TEXT;"),
    ];

    private readonly TestDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    private readonly RootKey _rootKey = RootKey.CreateRandom();
    private readonly List<SqliteMetadataStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteMetadataStore.ReleaseConnections();
        _rootKey.Dispose();
        _directory.Dispose();
    }

    private async Task<SqliteMetadataStore> OpenAsync(IEnumerable<MetadataMigration> migrations, RootKey? rootKey = null)
    {
        var store = await SqliteMetadataStore.OpenAsync(_directory.Path, rootKey ?? _rootKey, migrations, _time, default);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task OpenAsync_NewFile_AppliesEveryMigrationOnceAndRecordsIt()
    {
        var store = await OpenAsync(Widgets);

        await using var connection = await store.OpenConnectionAsync(default);
        await connection.ExecuteAsync(null, "INSERT INTO widgets (name, colour) VALUES (@n, @c);", default, ("@n", "a"), ("@c", "red"));
        var applied = await connection.ScalarAsync(null, "SELECT group_concat(version || ':' || applied_at, ',') FROM schema_migrations WHERE component = 'widgets';", default);
        Assert.Equal("1:2026-11-27T12:00:00.0000000+00:00,2:2026-11-27T12:00:00.0000000+00:00", applied);
    }

    [Fact]
    public async Task OpenAsync_Reopened_KeepsDataAndAppliesOnlyNewSteps()
    {
        var first = await OpenAsync(Widgets.Take(1));
        await using (var connection = await first.OpenConnectionAsync(default))
        {
            await connection.ExecuteAsync(null, "INSERT INTO widgets (name) VALUES ('kept');", default);
        }

        _time.Advance(TimeSpan.FromDays(1));
        var second = await OpenAsync(Widgets);

        await using var reopened = await second.OpenConnectionAsync(default);
        Assert.Equal("kept", await reopened.ScalarAsync(null, "SELECT name FROM widgets;", default));
        Assert.Equal(
            "2026-11-28T12:00:00.0000000+00:00",
            await reopened.ScalarAsync(null, "SELECT applied_at FROM schema_migrations WHERE component = 'widgets' AND version = 2;", default));
        Assert.Equal(2L, await reopened.ScalarAsync(null, "SELECT COUNT(*) FROM schema_migrations WHERE component = 'widgets';", default));
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanBuild_ThrowsWithAdvice()
    {
        await OpenAsync(Widgets);

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => OpenAsync(Widgets.Take(1)));

        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer Coffer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_GapInVersions_ThrowsArgumentException()
    {
        MetadataMigration[] gapped = [Widgets[1]];

        await Assert.ThrowsAsync<ArgumentException>(() => OpenAsync(gapped));
    }

    [Fact]
    public async Task OpenAsync_FailingStep_LeavesNoPartialSchema()
    {
        MetadataMigration[] broken =
        [
            new("broken", 1, "creates then fails", "CREATE TABLE half (id INTEGER); INSERT INTO no_such_table VALUES (1);"),
        ];

        await Assert.ThrowsAnyAsync<Exception>(() => OpenAsync(broken));

        var store = await OpenAsync(Widgets);
        await using var connection = await store.OpenConnectionAsync(default);
        Assert.Equal(0L, await connection.ScalarAsync(null, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half';", default));
        Assert.Equal(0L, await connection.ScalarAsync(null, "SELECT COUNT(*) FROM schema_migrations WHERE component = 'broken';", default));
    }

    [Fact]
    public async Task OpenAsync_NewStore_IsOwnerOnlyAndInWalMode()
    {
        var store = await OpenAsync(Widgets);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(store.Directory, "data.db")));
        await using var connection = await store.OpenConnectionAsync(default);
        Assert.Equal("wal", await connection.ScalarAsync(null, "PRAGMA journal_mode;", default));
        Assert.Equal(2L, Convert.ToInt64(await connection.ScalarAsync(null, "PRAGMA synchronous;", default), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task OpenAsync_TwoOpenersAtOnce_ApplyEachStepOnce()
    {
        var openers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => OpenAsync(Widgets)));

        var stores = await Task.WhenAll(openers);

        await using var connection = await stores[0].OpenConnectionAsync(default);
        Assert.Equal(2L, await connection.ScalarAsync(null, "SELECT COUNT(*) FROM schema_migrations WHERE component = 'widgets';", default));
    }

    [Fact]
    public async Task OpenAsync_OtherRootKey_ThrowsNamingTheRootKey()
    {
        var first = await OpenAsync(Widgets);
        first.Dispose();
        _stores.Remove(first);
        using var other = RootKey.CreateRandom();

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => OpenAsync(Widgets, other));

        Assert.Contains("another root key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_RowsWritten_AreNotInAnyFileInPlaintext()
    {
        const string marker = "METADATA-MARKER-4d1f0c";
        var store = await OpenAsync(Widgets);
        await using (var connection = await store.OpenConnectionAsync(default))
        {
            for (var i = 0; i < 100; i++)
            {
                await connection.ExecuteAsync(null, "INSERT INTO widgets (name, colour) VALUES (@n, @c);", default, ("@n", marker + i), ("@c", marker));
            }
        }

        store.Dispose();
        _stores.Remove(store);
        SqliteMetadataStore.ReleaseConnections();
        Assert.Empty(DiskScan.FilesContaining(_directory.Path, marker));
    }
}
