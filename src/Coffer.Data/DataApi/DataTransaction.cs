using Coffer.Primitives;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Coffer.Data.DataApi;

/// <summary>
/// A transaction begun with BeginTransaction: one connection of the cluster's volume with an open SQLite transaction,
/// used by one call at a time, and ended exactly once — by CommitTransaction, RollbackTransaction, the idle or
/// lifetime limit, or the volume closing because the key went away or the cluster stops.
/// </summary>
internal sealed class DataTransaction
{
    private readonly SqliteConnection _connection;
    private long _lastUsedTicks;
    private bool _ended;

    public DataTransaction(string id, AccountId account, string clusterResourceId, string instanceIdentifier, SqliteConnection connection, DateTimeOffset started, CancellationToken volumeClosing)
    {
        Id = id;
        Account = account;
        ClusterResourceId = clusterResourceId;
        InstanceIdentifier = instanceIdentifier;
        _connection = connection;
        Started = started;
        _lastUsedTicks = started.UtcTicks;
        VolumeClosing = volumeClosing;
    }

    /// <summary>The transaction id given to the client.</summary>
    public string Id { get; }

    /// <summary>The account that began it: no other account can use it.</summary>
    public AccountId Account { get; }

    /// <summary>The cluster it runs on.</summary>
    public string ClusterResourceId { get; }

    /// <summary>The writer instance it runs on.</summary>
    public string InstanceIdentifier { get; }

    /// <summary>When it began.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>When a call last used it.</summary>
    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    /// <summary>Cancelled when the cluster's volume is closing: statements are interrupted, the transaction rolled back.</summary>
    public CancellationToken VolumeClosing { get; }

    /// <summary>Held by the one call using the transaction.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Completed when the transaction has ended (its connection is closed).</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The connection's handle, for statements (only while <see cref="Gate"/> is held and the transaction has not ended).</summary>
    public sqlite3 Db => _connection.Handle!;

    /// <summary>Whether the transaction has ended.</summary>
    public bool Ended => Volatile.Read(ref _ended);

    /// <summary>Records a use now.</summary>
    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    /// <summary>
    /// Ends the transaction, committing or rolling back, and closes its connection. Call with <see cref="Gate"/> held.
    /// Returns SQLite's message when a commit failed (the transaction is then rolled back), else <see langword="null"/>.
    /// </summary>
    public string? End(bool commit)
    {
        if (Ended)
        {
            return null;
        }

        Volatile.Write(ref _ended, true);
        string? failure = null;
        try
        {
            if (raw.sqlite3_get_autocommit(Db) == 0)
            {
                if (commit && raw.sqlite3_exec(Db, "COMMIT") != 0)
                {
                    failure = raw.sqlite3_errmsg(Db).utf8_to_string();
                }

                if (raw.sqlite3_get_autocommit(Db) == 0)
                {
                    raw.sqlite3_exec(Db, "ROLLBACK");
                }
            }
            else if (commit)
            {
                failure = "the transaction was rolled back by an error in an earlier statement.";
            }
        }
        finally
        {
            _connection.Dispose();
            Finished.TrySetResult();
        }

        return failure;
    }
}
