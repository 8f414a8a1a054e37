using System.Security.Cryptography;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>
/// Regression: a transaction larger than SQLite's page cache makes SQLite rewrite its own WAL frames in place and
/// write later frame headers with zero salts until commit. Found by the storage benchmarks: such a commit returned OK,
/// then the next read failed and the committed rows were silently gone after reopening.
/// </summary>
public sealed class LargeTransactionTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Theory]
    [InlineData(64, 2_000)]
    [InlineData(256, 20_000)]
    public void Commit_TransactionLargerThanThePageCache_IsReadableAndSurvivesReopen(int cacheKiB, int rows)
    {
        var path = Path.Combine(_directory.Path, "vol");
        var options = new VolumeOptions { CacheSizeKiB = cacheKiB };
        using (var volume = Volume.Create(path, new VolumeKeyMaterial(_key, [], null, new Dictionary<string, string>()), TimeProvider.System, options))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL); CREATE INDEX t_v ON t (v);");
            using (var transaction = connection.BeginTransaction())
            {
                for (var i = 0; i < rows; i++)
                {
                    using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO t (v) VALUES (randomblob(300))";
                    insert.ExecuteNonQuery();
                }

                // Touch early pages again so that SQLite rewrites frames of this same transaction in place.
                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE t SET v = randomblob(300) WHERE id % 7 = 0";
                update.ExecuteNonQuery();
                transaction.Commit();
            }

            Assert.Equal((long)rows, Scalar(connection, "SELECT COUNT(*) FROM t"));
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        }

        SqliteConnection.ClearAllPools();
        using var reopened = Volume.Open(path, _key, options);
        using var again = reopened.OpenConnection();
        Assert.Equal((long)rows, Scalar(again, "SELECT COUNT(*) FROM t"));
        Assert.Equal("ok", Scalar(again, "PRAGMA integrity_check"));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
