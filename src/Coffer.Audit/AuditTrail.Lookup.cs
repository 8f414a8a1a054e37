using System.Data.Common;
using Coffer.Storage.Metadata;

namespace Coffer.Audit;

/// <summary>LookupEvents over the stored records.</summary>
public sealed partial class AuditTrail
{
    private const string EventsSql = """
        SELECT seq, event_time, record FROM audit_events
        WHERE account_id = @account AND region = @region AND event_time >= @start AND event_time <= @end
          AND (event_time, seq) < (@beforeTime, @beforeSeq)
        ORDER BY event_time DESC, seq DESC
        LIMIT @limit;
        """;

    private const string AttributeSql = """
        SELECT e.seq, e.event_time, e.record FROM audit_lookup_values v
        JOIN audit_lookup_refs r ON r.value_id = v.id
        JOIN audit_events e ON e.seq = r.seq
        WHERE v.account_id = @account AND v.region = @region AND v.attribute = @attribute AND v.value = @value
          AND r.event_time >= @start AND r.event_time <= @end
          AND (r.event_time, r.seq) < (@beforeTime, @beforeSeq)
        ORDER BY r.event_time DESC, r.seq DESC
        LIMIT @limit;
        """;

    /// <summary>An event id is unique: no lookup entry, the events table's own index on it.</summary>
    private const string EventIdSql = """
        SELECT seq, event_time, record FROM audit_events
        WHERE event_id = @value AND account_id = @account AND region = @region AND event_time >= @start AND event_time <= @end
          AND (event_time, seq) < (@beforeTime, @beforeSeq)
        ORDER BY event_time DESC, seq DESC
        LIMIT @limit;
        """;

    /// <summary>
    /// One page of the events of the query's account and region, newest first: those matching its attribute, within
    /// its time range (both ends inclusive) and the retention period. Events recorded but not yet flushed are not seen.
    /// </summary>
    /// <exception cref="Primitives.AwsServiceException">
    /// <see cref="CloudTrailErrors.InvalidMaxResultsCode"/>, <see cref="CloudTrailErrors.InvalidTimeRangeCode"/>,
    /// <see cref="CloudTrailErrors.InvalidLookupAttributesCode"/> or <see cref="CloudTrailErrors.InvalidNextTokenCode"/>.
    /// </exception>
    public async Task<AuditPage> LookupAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = query.MaxResults ?? AuditQuery.MaxPageSize;
        if (pageSize is < 1 or > AuditQuery.MaxPageSize)
        {
            throw CloudTrailErrors.InvalidMaxResults(pageSize);
        }

        if (query.StartTime > query.EndTime)
        {
            throw CloudTrailErrors.InvalidTimeRange();
        }

        if (query.Attribute is { } attribute &&
            (!Enum.IsDefined(attribute.Key) || string.IsNullOrEmpty(attribute.Value) || attribute.Value.Length > AuditQuery.MaxAttributeValueLength))
        {
            throw CloudTrailErrors.InvalidLookupAttributes(
                $"A lookup attribute needs one of the keys {string.Join(", ", Enum.GetNames<AuditLookupAttributeKey>())} and a value of 1 to {AuditQuery.MaxAttributeValueLength} characters.");
        }

        var (beforeTime, beforeSeq) = (long.MaxValue, long.MaxValue);
        if (query.NextToken is not null && !AuditPageToken.TryDecode(query, query.NextToken, out beforeTime, out beforeSeq))
        {
            throw CloudTrailErrors.InvalidNextToken();
        }

        // Whole seconds, as events are stored: an inclusive start rounds up, an inclusive end rounds down.
        var start = Math.Max(RetentionCutoff(_time.GetUtcNow()), query.StartTime is { } s ? CeilingSeconds(s) : long.MinValue);
        var end = query.EndTime?.ToUnixTimeSeconds() ?? long.MaxValue;
        var rows = await ReadAsync(query, start, end, beforeTime, beforeSeq, pageSize + 1, cancellationToken);
        var records = rows.Take(pageSize).Select(r => new AuditRecord(AuditJson.Deserialize(r.Record), r.Record)).ToList();
        var next = rows.Count > pageSize ? AuditPageToken.Encode(query, rows[pageSize - 1].Time, rows[pageSize - 1].Seq) : null;
        return new AuditPage(records, next);
    }

    private async Task<List<(long Seq, long Time, string Record)>> ReadAsync(
        AuditQuery query, long start, long end, long beforeTime, long beforeSeq, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<(long, long, string)>(limit);
        if (start > end)
        {
            return rows;
        }

        await using var connection = await _store.OpenConnectionAsync(cancellationToken);
        await using var command = query.Attribute is { } attribute
            ? MetadataCommands.Create(connection, null, attribute.Key == AuditLookupAttributeKey.EventId ? EventIdSql : AttributeSql,
                ("@account", query.Account.Value), ("@region", query.Region), ("@attribute", attribute.Key.ToString()), ("@value", attribute.Value),
                ("@start", start), ("@end", end), ("@beforeTime", beforeTime), ("@beforeSeq", beforeSeq), ("@limit", limit))
            : MetadataCommands.Create(connection, null, EventsSql,
                ("@account", query.Account.Value), ("@region", query.Region),
                ("@start", start), ("@end", end), ("@beforeTime", beforeTime), ("@beforeSeq", beforeSeq), ("@limit", limit));
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return rows;
    }

    private static long CeilingSeconds(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return time.UtcTicks % TimeSpan.TicksPerSecond == 0 ? seconds : seconds + 1;
    }
}
