using System.Data.Common;
using System.Globalization;
using Coffer.Storage.Metadata;

namespace Coffer.Audit;

/// <summary>The writer loop: batches, one transaction each, retries, and retention pruning.</summary>
public sealed partial class AuditTrail
{
    /// <summary>How many expired events one pruning transaction deletes, so that other writers are not held up long.</summary>
    private const int PruneChunk = 1000;

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
        await using var insertEvent = MetadataCommands.Create(connection, transaction,
            "INSERT INTO audit_events (account_id, region, event_time, event_id, record) VALUES (@account, @region, @time, @eventId, @record) RETURNING seq;",
            ("@account", null), ("@region", null), ("@time", null), ("@eventId", null), ("@record", null));
        await using var insertLookup = MetadataCommands.Create(connection, transaction,
            "INSERT INTO audit_lookup (account_id, region, attribute, value, event_time, seq) VALUES (@account, @region, @attribute, @value, @time, @seq);",
            ("@account", null), ("@region", null), ("@attribute", null), ("@value", null), ("@time", null), ("@seq", null));
        foreach (var pending in batch)
        {
            insertEvent.Parameters["@account"].Value = pending.AccountId;
            insertEvent.Parameters["@region"].Value = pending.Region;
            insertEvent.Parameters["@time"].Value = pending.EventTime;
            insertEvent.Parameters["@eventId"].Value = pending.EventId;
            insertEvent.Parameters["@record"].Value = pending.Record;
            var seq = Convert.ToInt64(await insertEvent.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            insertLookup.Parameters["@account"].Value = pending.AccountId;
            insertLookup.Parameters["@region"].Value = pending.Region;
            insertLookup.Parameters["@time"].Value = pending.EventTime;
            insertLookup.Parameters["@seq"].Value = seq;
            foreach (var (attribute, value) in pending.Lookup)
            {
                insertLookup.Parameters["@attribute"].Value = attribute;
                insertLookup.Parameters["@value"].Value = value;
                await insertLookup.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
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
