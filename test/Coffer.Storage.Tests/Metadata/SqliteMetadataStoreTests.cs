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

    private string DatabasePath => Path.Combine(_directory.Path, SqliteMetadataStore.FileName);

    public void Dispose()
    {
        SqliteMetadataStore.ReleaseConnections();
        _directory.Dispose();
    }

    [Fact]
    public async Task OpenAsync_NewFile_AppliesEveryMigrationOnceAndRecordsIt()
    {
        var store = await SqliteMetadataStore.OpenAsync(DatabasePath, Widgets, _time, default);

        await using var connection = await store.OpenConnectionAsync(default);
        await connection.ExecuteAsync(null, "INSERT INTO widgets (name, colour) VALUES (@n, @c);", default, ("@n", "a"), ("@c", "red"));
        var applied = await connection.ScalarAsync(null, "SELECT group_concat(version || ':' || applied_at, ',') FROM schema_migrations WHERE component = 'widgets';", default);
        Assert.Equal("1:2026-11-27T12:00:00.0000000+00:00,2:2026-11-27T12:00:00.0000000+00:00", applied);
    }

    [Fact]
    public async Task OpenAsync_Reopened_KeepsDataAndAppliesOnlyNewSteps()
    {
        var first = await SqliteMetadataStore.OpenAsync(DatabasePath, Widgets.Take(1), _time, default);
        await using (var connection = await first.OpenConnectionAsync(default))
        {
            await connection.ExecuteAsync(null, "INSERT INTO widgets (name) VALUES ('kept');", default);
        }

        _time.Advance(TimeSpan.FromDays(1));
        var second = await SqliteMetadataStore.OpenAsync(DatabasePath, Widgets, _time, default);

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
        await SqliteMetadataStore.OpenAsync(DatabasePath, Widgets, _time, default);

        var error = await Assert.ThrowsAsync<MetadataStoreException>(() => SqliteMetadataStore.OpenAsync(DatabasePath, Widgets.Take(1), _time, default));

        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer Coffer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_GapInVersions_ThrowsArgumentException()
    {
        MetadataMigration[] gapped = [Widgets[1]];

        await Assert.ThrowsAsync<ArgumentException>(() => SqliteMetadataStore.OpenAsync(DatabasePath, gapped, _time, default));
    }

    [Fact]
    public async Task OpenAsync_FailingStep_LeavesNoPartialSchema()
    {
        MetadataMigration[] broken =
        [
            new("broken", 1, "creates then fails", "CREATE TABLE half (id INTEGER); INSERT INTO no_such_table VALUES (1);"),
        ];

        await Assert.ThrowsAnyAsync<Exception>(() => SqliteMetadataStore.OpenAsync(DatabasePath, broken, _time, default));

        var store = await SqliteMetadataStore.OpenAsync(DatabasePath, Widgets, _time, default);
        await using var connection = await store.OpenConnectionAsync(default);
        Assert.Equal(0L, await connection.ScalarAsync(null, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half';", default));
        Assert.Equal(0L, await connection.ScalarAsync(null, "SELECT COUNT(*) FROM schema_migrations WHERE component = 'broken';", default));
    }

    [Fact]
    public async Task OpenAsync_NewFile_IsOwnerOnlyAndInWalMode()
    {
        var store = await SqliteMetadataStore.OpenAsync(DatabasePath, Widgets, _time, default);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DatabasePath));
        await using var connection = await store.OpenConnectionAsync(default);
        Assert.Equal("wal", await connection.ScalarAsync(null, "PRAGMA journal_mode;", default));
        Assert.Equal(2L, Convert.ToInt64(await connection.ScalarAsync(null, "PRAGMA synchronous;", default), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task OpenAsync_TwoOpenersAtOnce_ApplyEachStepOnce()
    {
        var openers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqliteMetadataStore.OpenAsync(DatabasePath, Widgets, _time, default)));

        var stores = await Task.WhenAll(openers);

        await using var connection = await stores[0].OpenConnectionAsync(default);
        Assert.Equal(2L, await connection.ScalarAsync(null, "SELECT COUNT(*) FROM schema_migrations WHERE component = 'widgets';", default));
    }
}
