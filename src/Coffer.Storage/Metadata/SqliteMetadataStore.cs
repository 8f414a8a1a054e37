using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Metadata;

/// <summary>
/// The embedded metadata store: one SQLite database in WAL mode under the data directory, shared safely by the server
/// and <c>coffer</c> commands running beside it. Every commit is durable (<c>synchronous=FULL</c>).
/// </summary>
public sealed class SqliteMetadataStore : IMetadataStore
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string FileName = "metadata.db";

    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _connectionString;

    private SqliteMetadataStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="path"/> and applies every pending migration, each in
    /// its own <c>BEGIN IMMEDIATE</c> transaction so that two processes starting together cannot both apply one.
    /// </summary>
    /// <exception cref="MetadataStoreException">The store holds a schema newer than this build knows.</exception>
    public static async Task<SqliteMetadataStore> OpenAsync(string path, IEnumerable<MetadataMigration> migrations, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(time);
        _ = Initialized.Value;
        if (!File.Exists(path) && !OperatingSystem.IsWindows())
        {
            // SQLite gives its -wal and -shm files the database file's mode: create it private (0600) first.
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        }

        var store = new SqliteMetadataStore(path);
        await using var connection = (SqliteConnection)await store.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                component   TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                description TEXT    NOT NULL,
                applied_at  TEXT    NOT NULL,
                PRIMARY KEY (component, version));
            """, cancellationToken);

        foreach (var component in migrations.GroupBy(m => m.Component, StringComparer.Ordinal))
        {
            var steps = component.OrderBy(m => m.Version).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Version != i + 1)
                {
                    throw new ArgumentException($"Migrations of '{component.Key}' must be numbered 1, 2, 3… without gaps.", nameof(migrations));
                }
            }

            await ApplyAsync(connection, component.Key, steps, time, cancellationToken);
        }

        return store;
    }

    /// <summary>Closes every pooled connection, so that SQLite checkpoints the WAL and releases its files.</summary>
    public static void ReleaseConnections() => SqliteConnection.ClearAllPools();

    /// <inheritdoc />
    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, "PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ApplyAsync(SqliteConnection connection, string component, List<MetadataMigration> steps, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = @component;";
        query.Parameters.AddWithValue("@component", component);
        var current = Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (current > steps.Count)
        {
            throw new MetadataStoreException(
                $"The metadata store's '{component}' schema is at version {current}, but this build of Coffer knows only up to {steps.Count}. " +
                "It was written by a newer Coffer; run that version, or restore a backup taken before the upgrade.");
        }

        foreach (var step in steps.Where(s => s.Version > current))
        {
            await ExecuteAsync(connection, transaction, step.Sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (@component, @version, @description, @appliedAt);";
            record.Parameters.AddWithValue("@component", component);
            record.Parameters.AddWithValue("@version", step.Version);
            record.Parameters.AddWithValue("@description", step.Description);
            record.Parameters.AddWithValue("@appliedAt", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
