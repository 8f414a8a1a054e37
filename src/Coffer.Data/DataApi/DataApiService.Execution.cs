using SQLitePCL;

namespace Coffer.Data.DataApi;

/// <summary>Statements outside a transaction: each on a pooled connection of the volume, writes one at a time per cluster.</summary>
public sealed partial class DataApiService
{
    private Task<StatementResult> AutocommitAsync(Target target, ExecuteStatementRequest request, CancellationToken cancellationToken) =>
        OnVolumeAsync(target, request, (prepared, guard) => RunPrepared(prepared, request, guard), cancellationToken);

    /// <summary>A batch outside a transaction runs in one of its own: every parameter set is applied, or none.</summary>
    private Task<BatchResult> AutocommitBatchAsync(Target target, ExecuteStatementRequest request, CancellationToken cancellationToken) =>
        OnVolumeAsync(target, request, (prepared, guard) =>
        {
            Internal(prepared, "BEGIN IMMEDIATE");
            var committed = false;
            try
            {
                var results = RunBatch(prepared, request, guard);
                Internal(prepared, "COMMIT");
                committed = true;
                return new BatchResult(results);
            }
            finally
            {
                if (!committed && raw.sqlite3_get_autocommit(prepared.Db) == 0)
                {
                    prepared.Sandbox.Internal = true;
                    raw.sqlite3_exec(prepared.Db, "ROLLBACK");
                    prepared.Sandbox.Internal = false;
                }
            }
        }, cancellationToken);

    /// <summary>Runs one of Coffer's own statements past the sandbox; SQLite's error is a DatabaseErrorException.</summary>
    private static void Internal(PreparedRun prepared, string sql)
    {
        prepared.Sandbox.Internal = true;
        try
        {
            if (raw.sqlite3_exec(prepared.Db, sql) != 0)
            {
                throw DataApiErrors.DatabaseError(raw.sqlite3_errmsg(prepared.Db).utf8_to_string() ?? $"{sql} failed");
            }
        }
        finally
        {
            prepared.Sandbox.Internal = false;
        }
    }

    /// <summary>
    /// Opens a connection of the cluster's volume for one statement: prepares it to learn whether it writes, waits for
    /// the cluster's writer if it does, runs it under the statement guard, and leaves the connection as it found it.
    /// </summary>
    private async Task<T> OnVolumeAsync<T>(Target target, ExecuteStatementRequest request, Func<PreparedRun, StatementGuard, T> run, CancellationToken cancellationToken)
        where T : class
    {
        var result = await _clusters.UseVolumeAsync(target.Cluster.ResourceId, async (volume, token) =>
        {
            using var connection = volume.OpenConnection();
            var db = connection.Handle!;
            var sandbox = SqlSandbox.Install(db, inTransaction: false);
            try
            {
                using var statement = StatementRunner.Prepare(db, request.Sql, sandbox);
                var readOnly = StatementRunner.IsReadOnly(statement);
                var instance = InstanceFor(target, readOnly);
                var writer = readOnly ? null : WriterOf(target.Cluster.ResourceId);
                if (writer is not null)
                {
                    await writer.WaitAsync(token);
                }

                try
                {
                    using var guard = new StatementGuard(db, _time, TimeoutFor(request), token);
                    return Timed(target, instance, request.Sql, () => run(new PreparedRun(db, statement, sandbox), guard));
                }
                finally
                {
                    writer?.Release();
                }
            }
            finally
            {
                SqlSandbox.Remove(db);
                if (raw.sqlite3_get_autocommit(db) == 0)
                {
                    raw.sqlite3_exec(db, "ROLLBACK");
                }
            }
        }, cancellationToken);
        return result ?? throw DataApiErrors.DatabaseUnavailable($"DB cluster {target.Cluster.Identifier} is not open; retry when it is available.");
    }

    private TimeSpan TimeoutFor(ExecuteStatementRequest request) => request.ContinueAfterTimeout ? _options.MaxStatementDuration : _options.StatementTimeout;

    private StatementResult RunPrepared(PreparedRun prepared, ExecuteStatementRequest request, StatementGuard guard) =>
        StatementRunner.Run(prepared.Db, prepared.Statement, request.Parameters, request.Format, prepared.Sandbox, guard, _options.ResponseLimitBytes);

    private StatementResult RunPrepared(SQLitePCL.sqlite3 db, ExecuteStatementRequest request, bool inTransaction, StatementGuard guard) =>
        WithStatement(db, request.Sql, inTransaction, prepared => RunPrepared(prepared, request, guard));

    private static List<IReadOnlyList<Field>> RunBatch(PreparedRun prepared, ExecuteStatementRequest request, StatementGuard guard) =>
        StatementRunner.RunBatch(prepared.Db, prepared.Statement, request.ParameterSets, prepared.Sandbox, guard);

    private static List<IReadOnlyList<Field>> RunBatch(SQLitePCL.sqlite3 db, ExecuteStatementRequest request, bool inTransaction, StatementGuard guard) =>
        WithStatement(db, request.Sql, inTransaction, prepared => RunBatch(prepared, request, guard));

    /// <summary>Prepares a statement under the sandbox on a connection that is already set up (a transaction's), and runs it.</summary>
    private static T WithStatement<T>(SQLitePCL.sqlite3 db, string sql, bool inTransaction, Func<PreparedRun, T> run)
    {
        var sandbox = SqlSandbox.Install(db, inTransaction);
        try
        {
            using var statement = StatementRunner.Prepare(db, sql, sandbox);
            return run(new PreparedRun(db, statement, sandbox));
        }
        finally
        {
            SqlSandbox.Remove(db);
        }
    }

    /// <summary>
    /// Runs a statement, timing it for the instance's slow-statement log (which records the SQL text as sent, with its
    /// placeholders: parameter values never reach a log).
    /// </summary>
    private T Timed<T>(Target target, string instance, string sql, Func<T> run)
    {
        var started = _time.GetTimestamp();
        long rows = 0;
        try
        {
            var result = run();
            rows = result switch
            {
                StatementResult statement => statement.Records?.Count ?? statement.NumberOfRecordsUpdated,
                BatchResult batch => batch.Results.Count,
                _ => 0,
            };
            return result;
        }
        finally
        {
            _clusters.EngineLogs.RecordSlowStatement(target.Cluster, instance, sql, _time.GetElapsedTime(started), rows);
        }
    }

    /// <summary>A prepared statement with its connection and sandbox.</summary>
    private readonly record struct PreparedRun(SQLitePCL.sqlite3 Db, SQLitePCL.sqlite3_stmt Statement, SqlSandbox Sandbox);
}
