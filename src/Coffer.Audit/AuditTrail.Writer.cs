using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Coffer.Storage.Metadata;

namespace Coffer.Audit;

/// <summary>The writer loop: batches, one transaction each, retries, and retention pruning.</summary>
public sealed partial class AuditTrail
{
    /// <summary>How many expired events one pruning transaction deletes, so that other writers are not held up long.</summary>
    private const int PruneChunk = 1000;

    /// <summary>Events per multi-row insert (6 parameters each): small enough for any SQLite's parameter limit.</summary>
    private const int EventsPerStatement = 64;

    private static readonly string[] EventColumns = ["seq", "account_id", "region", "event_time", "event_id", "record"];

    /// <summary>Inserts the rows of <see cref="LookupRowsJson"/>: each <c>[account, region, attribute, value, time, seq]</c>.</summary>
    private const string InsertLookupSql = """
        INSERT INTO audit_lookup (account_id, region, attribute, value, event_time, seq)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(@rows);
        """;

    private readonly ArrayBufferWriter<byte> _lookupJson = new(64 * 1024);

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

        // Every lookup row of the batch in one statement with one parameter: a JSON array of rows, which SQLite unpacks.
        // Binding a parameter costs a name lookup; with a parameter a column, binding dominated the writer.
        await using (var insertLookup = MetadataCommands.Create(connection, transaction, InsertLookupSql, ("@rows", LookupRowsJson(batch, first))))
        {
            await insertLookup.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
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

    /// <summary>The lookup rows of <paramref name="batch"/>, whose first event has sequence number <paramref name="first"/>, as a JSON array.</summary>
    private string LookupRowsJson(List<PendingAuditEvent> batch, long first)
    {
        // Only the writer loop calls this, one batch at a time: the buffer is reused.
        _lookupJson.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_lookupJson))
        {
            json.WriteStartArray();
            for (var e = 0; e < batch.Count; e++)
            {
                var pending = batch[e];
                foreach (var (attribute, value) in pending.Lookup)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(pending.AccountId);
                    json.WriteStringValue(pending.Region);
                    json.WriteStringValue(attribute);
                    json.WriteStringValue(value);
                    json.WriteNumberValue(pending.EventTime);
                    json.WriteNumberValue(first + e);
                    json.WriteEndArray();
                }
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(_lookupJson.WrittenSpan);
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

        await using var deleteLookup = MetadataCommands.Create(connection, transaction,
            "DELETE FROM audit_lookup WHERE account_id = @account AND region = @region AND attribute = @attribute AND value = @value AND event_time = @time AND seq = @seq;",
            ("@account", null), ("@region", null), ("@attribute", null), ("@value", null), ("@time", null), ("@seq", null));
        await using var deleteEvent = MetadataCommands.Create(connection, transaction, "DELETE FROM audit_events WHERE seq = @seq;", ("@seq", null));
        foreach (var (seq, account, region, time, record) in expired)
        {
            // The lookup rows are found again from the record itself, by their full key: no index on time is needed.
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
