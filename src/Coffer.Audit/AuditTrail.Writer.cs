using System.Data.Common;
using System.Globalization;
using System.Text;
using Coffer.Storage.Metadata;

namespace Coffer.Audit;

/// <summary>The writer loop: batches, one transaction each, retries, and retention pruning.</summary>
public sealed partial class AuditTrail
{
    /// <summary>How many expired events one pruning transaction deletes, so that other writers are not held up long.</summary>
    private const int PruneChunk = 1000;

    /// <summary>Events per multi-row insert (6 parameters each): small enough for any SQLite's parameter limit.</summary>
    private const int EventsPerStatement = 64;

    /// <summary>How long the writer lets a partial batch gather before it looks at the queue again (real time, not the trail's clock).</summary>
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(1);

    private static readonly string[] EventColumns = ["seq", "account_id", "region", "event_time", "event_id", "record"];

    /// <summary>Lookup references per INSERT statement (three integer literals each).</summary>
    private const int RefsPerStatement = 1000;

    /// <summary>How many interned lookup values the writer remembers before it starts over (each is a few strings).</summary>
    private const int MaxCachedValueIds = 65_536;

    /// <summary>
    /// The id of each (account, region, attribute, value) in <c>audit_lookup_values</c> that a committed batch used.
    /// Only the writer loop touches it; ids interned by a batch that then failed are never added.
    /// </summary>
    private readonly Dictionary<(string Account, string Region, string Attribute, string Value), long> _valueIds = [];

    private readonly StringBuilder _refsSql = new(64 * 1024);

    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    private async Task RunWriterAsync()
    {
        var batch = new List<PendingAuditEvent>(Math.Min(_options.BatchSize, 4096));
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var work))
                {
                    if (work is PendingAuditEvent pending)
                    {
                        batch.Add(pending);
                        if (batch.Count >= _options.BatchSize)
                        {
                            await WriteAsync(batch);
                        }

                        continue;
                    }

                    var signal = (AuditSignal)work;
                    await WriteAsync(batch);
                    if (signal.Kind == AuditSignalKind.Prune || (signal.Kind == AuditSignalKind.Tick && _time.GetUtcNow() - _lastPrune >= _options.PruneInterval))
                    {
                        await PruneExpiredAsync();
                    }

                    if (signal.Kind == AuditSignalKind.Tick && Volatile.Read(ref _disposed) == 0)
                    {
                        _timer.Change(_options.FlushInterval, Timeout.InfiniteTimeSpan);
                    }

                    signal.Done.TrySetResult();
                }

                if (batch.Count > 0)
                {
                    // Events are arriving but do not fill a batch yet: let them gather for a moment instead of waking
                    // this loop (a thread-pool hop) for each one. Producers never wait for this; a flush waits ≤ 1 ms more.
                    await Task.Delay(GatherDelay);
                }
            }

            await WriteAsync(batch);
        }
        catch (Exception e)
        {
            // The loop's own boundary: nothing above it can handle the fault, so stop recording loudly instead of
            // letting callers queue events that will never be written.
            Log.WriterStopped(_logger, e, batch.Count + reader.Count);
            _queue.Writer.TryComplete(e);
            throw;
        }
    }

    private async Task WriteAsync(List<PendingAuditEvent> batch)
    {
        for (var attempt = 1; batch.Count > 0; attempt++)
        {
            try
            {
                await WriteBatchAsync(batch, CancellationToken.None);
                batch.Clear();
            }
            catch (Exception e) when (e is DbException or IOException)
            {
                Log.WriteFailed(_logger, e, batch.Count, attempt);
                if (Volatile.Read(ref _disposed) != 0 && attempt >= AttemptsWhileStopping)
                {
                    throw;
                }

                await Task.Delay(_options.FlushInterval, _time);
            }
        }
    }

    private async Task WriteBatchAsync(List<PendingAuditEvent> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The first event's insert takes the write lock and returns its sequence number. While the lock is held nobody
        // else inserts, so the rest of the batch gets the numbers AUTOINCREMENT would give it, one after another; they
        // are written explicitly so that one statement can insert many rows.
        long first;
        await using (var insertFirst = MetadataCommands.Create(connection, transaction,
            "INSERT INTO audit_events (account_id, region, event_time, event_id, record) VALUES (@account, @region, @time, @eventId, @record) RETURNING seq;",
            ("@account", batch[0].AccountId), ("@region", batch[0].Region), ("@time", batch[0].EventTime), ("@eventId", batch[0].EventId), ("@record", batch[0].Record)))
        {
            first = Convert.ToInt64(await insertFirst.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        await InsertRowsAsync(connection, transaction, "audit_events", EventColumns, batch.Count - 1, EventsPerStatement, (insert, row, i) =>
        {
            var pending = batch[i + 1];
            insert.Set(row, 0, first + i + 1);
            insert.Set(row, 1, pending.AccountId);
            insert.Set(row, 2, pending.Region);
            insert.Set(row, 3, pending.EventTime);
            insert.Set(row, 4, pending.EventId);
            insert.Set(row, 5, pending.Record);
        }, cancellationToken);

        var interned = await InsertLookupRefsAsync(connection, transaction, batch, first, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (_valueIds.Count + interned.Count > MaxCachedValueIds)
        {
            _valueIds.Clear();
        }

        foreach (var (value, id) in interned)
        {
            _valueIds[value] = id;
        }
    }

    /// <summary>
    /// Inserts the lookup references of <paramref name="batch"/>, whose first event has sequence number
    /// <paramref name="first"/>, interning values not seen before; returns the values this transaction interned.
    /// </summary>
    private async Task<Dictionary<(string, string, string, string), long>> InsertLookupRefsAsync(
        DbConnection connection, DbTransaction transaction, List<PendingAuditEvent> batch, long first, CancellationToken cancellationToken)
    {
        var interned = new Dictionary<(string, string, string, string), long>();
        DbCommand? find = null;
        DbCommand? insert = null;
        try
        {
            var rows = 0;
            for (var e = 0; e < batch.Count; e++)
            {
                var pending = batch[e];
                foreach (var (attribute, value) in pending.Lookup)
                {
                    var key = (pending.AccountId, pending.Region, attribute, value);
                    if (!_valueIds.TryGetValue(key, out var id) && !interned.TryGetValue(key, out id))
                    {
                        find ??= MetadataCommands.Create(connection, transaction,
                            "SELECT id FROM audit_lookup_values WHERE account_id = @account AND region = @region AND attribute = @attribute AND value = @value;",
                            ("@account", null), ("@region", null), ("@attribute", null), ("@value", null));
                        insert ??= MetadataCommands.Create(connection, transaction,
                            "INSERT INTO audit_lookup_values (account_id, region, attribute, value) VALUES (@account, @region, @attribute, @value) RETURNING id;",
                            ("@account", null), ("@region", null), ("@attribute", null), ("@value", null));
                        id = await InternAsync(find, insert, key, cancellationToken);
                        interned[key] = id;
                    }

                    // Integers only, formatted invariantly: nothing from a caller is spliced into the SQL. One
                    // statement of literals is far cheaper than binding three parameters per reference.
                    _refsSql.Append(rows == 0 ? "INSERT INTO audit_lookup_refs (value_id, event_time, seq) VALUES (" : ", (")
                        .Append(id).Append(',').Append(pending.EventTime).Append(',').Append(first + e).Append(')');
                    if (++rows == RefsPerStatement)
                    {
                        await ExecuteRefsAsync(connection, transaction, cancellationToken);
                        rows = 0;
                    }
                }
            }

            if (rows > 0)
            {
                await ExecuteRefsAsync(connection, transaction, cancellationToken);
            }

            return interned;
        }
        finally
        {
            _refsSql.Clear();
            if (find is not null)
            {
                await find.DisposeAsync();
            }

            if (insert is not null)
            {
                await insert.DisposeAsync();
            }
        }
    }

    private static async Task<long> InternAsync(DbCommand find, DbCommand insert, (string Account, string Region, string Attribute, string Value) key, CancellationToken cancellationToken)
    {
        foreach (var command in new[] { find, insert })
        {
            command.Parameters["@account"].Value = key.Account;
            command.Parameters["@region"].Value = key.Region;
            command.Parameters["@attribute"].Value = key.Attribute;
            command.Parameters["@value"].Value = key.Value;
            if (await command.ExecuteScalarAsync(cancellationToken) is { } id)
            {
                return Convert.ToInt64(id, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("An interned audit lookup value has no id.");
    }

    private async Task ExecuteRefsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        _refsSql.Append(';');
        await using var command = MetadataCommands.Create(connection, transaction, _refsSql.ToString());
        _refsSql.Clear();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts <paramref name="count"/> rows, <paramref name="perStatement"/> to a statement (one prepared statement
    /// reused for every full chunk, one more for the remainder); <paramref name="fill"/> sets a row's values from the
    /// index of the row in the chunk and of the item.
    /// </summary>
    private static async Task InsertRowsAsync(
        DbConnection connection, DbTransaction transaction, string table, string[] columns, int count, int perStatement, Action<MultiRowInsert, int, int> fill, CancellationToken cancellationToken)
    {
        var done = 0;
        if (count >= perStatement)
        {
            await using var full = new MultiRowInsert(connection, transaction, table, columns, perStatement);
            for (; count - done >= perStatement; done += perStatement)
            {
                for (var row = 0; row < perStatement; row++)
                {
                    fill(full, row, done + row);
                }

                await full.ExecuteAsync(cancellationToken);
            }
        }

        if (done < count)
        {
            await using var rest = new MultiRowInsert(connection, transaction, table, columns, count - done);
            for (var row = 0; row < count - done; row++)
            {
                fill(rest, row, done + row);
            }

            await rest.ExecuteAsync(cancellationToken);
        }
    }

    /// <summary>Deletes events older than the retention period, with their lookup rows, a chunk per transaction.</summary>
    private async Task PruneExpiredAsync()
    {
        var now = _time.GetUtcNow();
        _lastPrune = now;
        var cutoff = RetentionCutoff(now);
        var total = 0;
        int deleted;
        do
        {
            deleted = await PruneChunkAsync(cutoff, CancellationToken.None);
            total += deleted;
        }
        while (deleted == PruneChunk);

        if (total > 0)
        {
            Log.Pruned(_logger, total, DateTimeOffset.FromUnixTimeSeconds(cutoff));
        }
    }

    private async Task<int> PruneChunkAsync(long cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var expired = new List<(long Seq, string Account, string Region, long Time, string Record)>();
        await using (var select = MetadataCommands.Create(connection, transaction,
            "SELECT seq, account_id, region, event_time, record FROM audit_events WHERE event_time < @cutoff ORDER BY event_time LIMIT @limit;",
            ("@cutoff", cutoff), ("@limit", PruneChunk)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                expired.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4)));
            }
        }

        await using var deleteLookup = MetadataCommands.Create(connection, transaction, """
            DELETE FROM audit_lookup_refs WHERE event_time = @time AND seq = @seq AND value_id =
                (SELECT id FROM audit_lookup_values WHERE account_id = @account AND region = @region AND attribute = @attribute AND value = @value);
            """,
            ("@account", null), ("@region", null), ("@attribute", null), ("@value", null), ("@time", null), ("@seq", null));
        await using var deleteEvent = MetadataCommands.Create(connection, transaction, "DELETE FROM audit_events WHERE seq = @seq;", ("@seq", null));
        foreach (var (seq, account, region, time, record) in expired)
        {
            // The lookup references are found again from the record itself, by their full key: no index on time is needed.
            deleteLookup.Parameters["@account"].Value = account;
            deleteLookup.Parameters["@region"].Value = region;
            deleteLookup.Parameters["@time"].Value = time;
            deleteLookup.Parameters["@seq"].Value = seq;
            foreach (var (attribute, value) in AuditLookupEntries.For(AuditJson.Deserialize(record)))
            {
                deleteLookup.Parameters["@attribute"].Value = attribute;
                deleteLookup.Parameters["@value"].Value = value;
                await deleteLookup.ExecuteNonQueryAsync(cancellationToken);
            }

            deleteEvent.Parameters["@seq"].Value = seq;
            await deleteEvent.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }

    /// <summary>The first second still within the retention period at <paramref name="now"/>.</summary>
    private long RetentionCutoff(DateTimeOffset now) => (now - _options.RetentionPeriod).ToUnixTimeSeconds();
}
