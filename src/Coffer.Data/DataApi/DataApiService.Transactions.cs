using System.Collections.Concurrent;
using System.Security.Cryptography;
using Coffer.Keys;
using SQLitePCL;

namespace Coffer.Data.DataApi;

/// <summary>
/// BeginTransaction, CommitTransaction and RollbackTransaction, the statements that run inside a transaction, and the
/// limits AWS sets: a transaction with no call for 3 minutes, or older than 24 hours, is rolled back.
/// </summary>
public sealed partial class DataApiService
{
    private readonly ConcurrentDictionary<string, DataTransaction> _transactions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Reason, DateTimeOffset At)> _ended = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;

    /// <summary>The number of open transactions.</summary>
    public int OpenTransactions => _transactions.Count;

    /// <summary>Begins a transaction on the cluster's writer; returns its id.</summary>
    public async Task<string> BeginTransactionAsync(KmsCaller caller, string resourceArn, string secretArn, string? database, string? schema, CancellationToken cancellationToken)
    {
        var target = await ResolveAsync(caller, resourceArn, secretArn, database, schema, cancellationToken);
        var id = NewTransactionId();
        var ready = new TaskCompletionSource<DataTransaction>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The transaction holds its use of the volume until it ends, so closing the volume (the key went away, the
        // cluster stops) interrupts its statement and rolls it back before the keys are zeroed.
        var holder = _clusters.UseVolumeAsync(target.Cluster.ResourceId, async (volume, token) =>
        {
            DataTransaction transaction;
            try
            {
                var connection = volume.OpenConnection();
                if (raw.sqlite3_exec(connection.Handle, "BEGIN") != 0)
                {
                    var message = raw.sqlite3_errmsg(connection.Handle).utf8_to_string();
                    connection.Dispose();
                    throw DataApiErrors.DatabaseError(message ?? "BEGIN failed");
                }

                transaction = new DataTransaction(id, caller.Account, target.Cluster.ResourceId, target.Writer, connection, _time.GetUtcNow(), token);
                _transactions[id] = transaction;
                ready.TrySetResult(transaction);
            }
            catch (Exception e)
            {
                ready.TrySetException(e);
                throw;
            }

            try
            {
                await transaction.Finished.Task.WaitAsync(token);
            }
            catch (OperationCanceledException)
            {
                // The volume is closing: the statement guard of a running statement interrupts it; end below.
            }

            await EndTransactionAsync(transaction, commit: false, $"DB cluster {target.Cluster.Identifier} closed its volume (it stopped or lost access to its KMS key), which rolled the transaction back.");
            return transaction;
        }, CancellationToken.None);

        var first = await Task.WhenAny((Task)ready.Task, holder).WaitAsync(cancellationToken);
        if (first == holder && !ready.Task.IsCompleted)
        {
            _ = await holder;
            throw DataApiErrors.DatabaseUnavailable($"DB cluster {target.Cluster.Identifier} is not open; retry when it is available.");
        }

        return (await ready.Task).Id;
    }

    /// <summary>Commits a transaction; returns its status (<c>Transaction Committed</c>).</summary>
    public async Task<string> CommitTransactionAsync(KmsCaller caller, string resourceArn, string secretArn, string transactionId, CancellationToken cancellationToken)
    {
        var target = await ResolveForTransactionEndAsync(caller, resourceArn, secretArn, cancellationToken);
        var transaction = FindTransaction(caller, target, transactionId);
        var failure = await EndTransactionAsync(transaction, commit: true, "it was committed.", byClient: true);
        return failure is null ? "Transaction Committed" : throw DataApiErrors.DatabaseError($"The transaction could not be committed and was rolled back: {failure}");
    }

    /// <summary>Rolls a transaction back; returns its status (<c>Rollback Complete</c>).</summary>
    public async Task<string> RollbackTransactionAsync(KmsCaller caller, string resourceArn, string secretArn, string transactionId, CancellationToken cancellationToken)
    {
        var target = await ResolveForTransactionEndAsync(caller, resourceArn, secretArn, cancellationToken);
        var transaction = FindTransaction(caller, target, transactionId);
        await EndTransactionAsync(transaction, commit: false, "it was rolled back.", byClient: true);
        return "Rollback Complete";
    }

    /// <summary>
    /// The cluster and secret checks of a commit or rollback. The cluster's state is not checked: a transaction whose
    /// volume closed is already gone, and the answer is TransactionNotFoundException saying why.
    /// </summary>
    private async Task<Target> ResolveForTransactionEndAsync(KmsCaller caller, string resourceArn, string secretArn, CancellationToken cancellationToken)
    {
        var cluster = FindEnabledCluster(caller, resourceArn);
        await CheckSecretAsync(caller, cluster, secretArn, cancellationToken);
        return new Target(cluster, string.Empty);
    }

    /// <summary>Runs <paramref name="run"/> on the transaction's connection, one call at a time.</summary>
    private async Task<T> InTransactionAsync<T>(KmsCaller caller, Target target, string transactionId, string sql, TimeSpan timeout, Func<DataTransaction, StatementGuard, T> run, CancellationToken cancellationToken)
    {
        var transaction = FindTransaction(caller, target, transactionId);
        if (!await transaction.Gate.WaitAsync(0, cancellationToken))
        {
            throw DataApiErrors.DatabaseError("Transaction is still running a query: a transaction runs one statement at a time.");
        }

        try
        {
            if (transaction.Ended)
            {
                throw NotFound(transactionId);
            }

            transaction.Touch(_time.GetUtcNow());
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, transaction.VolumeClosing);
            using var guard = new StatementGuard(transaction.Db, _time, timeout, linked.Token);
            try
            {
                return Timed(target, transaction.InstanceIdentifier, sql, () => run(transaction, guard));
            }
            finally
            {
                transaction.Touch(_time.GetUtcNow());
                if (raw.sqlite3_get_autocommit(transaction.Db) != 0 && !transaction.Ended)
                {
                    // SQLite rolled the whole transaction back (an error it cannot recover from within a transaction).
                    _ended[transaction.Id] = ("an error in a statement rolled it back.", _time.GetUtcNow());
                    _transactions.TryRemove(transaction.Id, out _);
                    transaction.End(commit: false);
                }
            }
        }
        finally
        {
            transaction.Gate.Release();
        }
    }

    private DataTransaction FindTransaction(KmsCaller caller, Target target, string transactionId)
    {
        if (!_transactions.TryGetValue(transactionId, out var transaction) || transaction.Account != caller.Account)
        {
            throw NotFound(transactionId);
        }

        return transaction.ClusterResourceId == target.Cluster.ResourceId
            ? transaction
            : throw DataApiErrors.TransactionNotFound(transactionId, "it belongs to another DB cluster.");
    }

    private Coffer.Primitives.AwsServiceException NotFound(string transactionId) =>
        DataApiErrors.TransactionNotFound(transactionId, _ended.TryGetValue(transactionId, out var ended)
            ? ended.Reason
            : "it was not begun by BeginTransaction, or it ended long ago.");

    /// <summary>
    /// Ends a transaction once. A client's commit or rollback is refused while a statement runs in it; the service's
    /// own endings (idle, lifetime, volume closing, shutdown) wait for the statement, which they have interrupted.
    /// Returns a commit's failure, or <see langword="null"/>.
    /// </summary>
    private async Task<string?> EndTransactionAsync(DataTransaction transaction, bool commit, string reason, bool byClient = false)
    {
        if (!transaction.Gate.Wait(0))
        {
            if (byClient)
            {
                throw DataApiErrors.DatabaseError("Transaction is still running a query: wait for it to finish before ending the transaction.");
            }

            await transaction.Gate.WaitAsync(CancellationToken.None);
        }

        try
        {
            if (transaction.Ended)
            {
                return byClient ? throw NotFound(transaction.Id) : null;
            }

            _ended[transaction.Id] = (reason, _time.GetUtcNow());
            _transactions.TryRemove(transaction.Id, out _);
            Log.TransactionEnded(_logger, transaction.ClusterResourceId, reason);
            return transaction.End(commit);
        }
        finally
        {
            transaction.Gate.Release();
        }
    }

    /// <summary>Rolls back transactions idle past the idle timeout or older than the lifetime limit, and forgets old endings.</summary>
    private void SweepTransactions()
    {
        var now = _time.GetUtcNow();
        foreach (var transaction in _transactions.Values)
        {
            if (now - transaction.Started >= _options.TransactionMaxLifetime)
            {
                raw.sqlite3_interrupt(transaction.Db);
                _ = EndTransactionAsync(transaction, commit: false, $"it was older than the transaction lifetime limit ({_options.TransactionMaxLifetime}).");
            }
            else if (now - transaction.LastUsed >= _options.TransactionIdleTimeout && transaction.Gate.CurrentCount == 1)
            {
                _ = EndTransactionAsync(transaction, commit: false, $"it timed out: no call used it for {_options.TransactionIdleTimeout.TotalMinutes:0.##} minutes.");
            }
        }

        foreach (var (id, ended) in _ended)
        {
            if (now - ended.At > TimeSpan.FromHours(1))
            {
                _ended.TryRemove(id, out _);
            }
        }
    }

    /// <summary>A transaction id: 36 random bytes, base64 (192 characters at most on the wire).</summary>
    private static string NewTransactionId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(36));
}
