using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Metadata;

/// <summary>
/// The embedded metadata store: one encrypted volume (<c>&lt;data-dir&gt;/metadata/</c>) on the Coffer VFS, its data
/// key derived from the root key, shared safely by the server and <c>coffer</c> commands running beside it through
/// SQLite's WAL locking. Every commit is durable (<c>synchronous=FULL</c>).
/// </summary>
public sealed class SqliteMetadataStore : IMetadataStore, IDisposable
{
    /// <summary>The volume's directory name inside the data directory.</summary>
    public const string DirectoryName = "metadata";

    /// <summary>The root-key purpose the store's data key is derived for.</summary>
    internal const string KeyPurpose = "metadata/volume-key";

    private static readonly Lock CreationLock = new();
    private readonly Volume _volume;

    private SqliteMetadataStore(Volume volume) => _volume = volume;

    /// <summary>The volume directory.</summary>
    public string Directory => _volume.Directory;

    /// <summary>Whether a metadata store exists in <paramref name="dataDirectory"/>.</summary>
    public static bool Exists(string dataDirectory) =>
        File.Exists(Path.Combine(dataDirectory, DirectoryName, Volume.ManifestFileName));

    /// <summary>
    /// Opens (creating if needed) the store in <paramref name="dataDirectory"/> and applies every pending migration,
    /// each in its own <c>BEGIN IMMEDIATE</c> transaction so that two processes starting together cannot both apply one.
    /// </summary>
    /// <exception cref="MetadataStoreException">
    /// The root key is not the one the store was created with, or the store holds a schema newer than this build knows.
    /// </exception>
    public static async Task<SqliteMetadataStore> OpenAsync(string dataDirectory, RootKey rootKey, IEnumerable<MetadataMigration> migrations, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(time);
        var store = new SqliteMetadataStore(OpenVolume(Path.Combine(dataDirectory, DirectoryName), rootKey, time));
        try
        {
            await using var connection = (SqliteConnection)await store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, """
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
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Closes every pooled connection, so that SQLite checkpoints the WAL and releases its files.</summary>
    public static void ReleaseConnections() => SqliteConnection.ClearAllPools();

    /// <inheritdoc />
    public ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<DbConnection>(_volume.OpenConnection());
    }

    /// <summary>
    /// Turns SQLite's generic I/O error for a page that failed authentication into an exception naming the page.
    /// </summary>
    public Exception Describe(SqliteException exception) => _volume.Describe(exception);

    /// <inheritdoc />
    public void Dispose() => _volume.Dispose();

    private static Volume OpenVolume(string directory, RootKey rootKey, TimeProvider time)
    {
        var dataKey = rootKey.DeriveKey(KeyPurpose);
        // Within one process, creating and opening are serialised: a second opener must not attach to a volume that is
        // still being laid out. Between processes, the loser of the creation race opens the winner's volume.
        lock (CreationLock)
        {
            try
            {
                if (!File.Exists(Path.Combine(directory, Volume.ManifestFileName)))
                {
                    try
                    {
                        return Volume.Create(directory, new VolumeKeyMaterial(dataKey, [], null, new Dictionary<string, string> { ["coffer:purpose"] = "metadata" }), time);
                    }
                    catch (VolumeException) when (File.Exists(Path.Combine(directory, Volume.ManifestFileName)))
                    {
                        // Another coffer process created it at the same moment: open theirs.
                    }
                }

                return Volume.Open(directory, dataKey);
            }
            catch (VolumeKeyMismatchException e)
            {
                throw new MetadataStoreException($"The metadata store in {directory} was created with another root key.", e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }
    }

    private static async Task ApplyAsync(SqliteConnection connection, string component, List<MetadataMigration> steps, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = Convert.ToInt32(
            await connection.ScalarAsync(transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = @component;", cancellationToken, ("@component", component)),
            CultureInfo.InvariantCulture);
        if (current > steps.Count)
        {
            throw new MetadataStoreException(
                $"The metadata store's '{component}' schema is at version {current}, but this build of Coffer knows only up to {steps.Count}. " +
                "It was written by a newer Coffer; run that version, or restore a backup taken before the upgrade.");
        }

        foreach (var step in steps.Where(s => s.Version > current))
        {
            await connection.ExecuteAsync(transaction, step.Sql, cancellationToken);
            await connection.ExecuteAsync(
                transaction,
                "INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (@component, @version, @description, @appliedAt);",
                cancellationToken,
                ("@component", component),
                ("@version", step.Version),
                ("@description", step.Description),
                ("@appliedAt", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
