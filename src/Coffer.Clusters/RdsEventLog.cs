using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>
/// RDS events (what DescribeEvents shows): each cluster state transition, recorded durably in the metadata store.
/// AWS keeps events for 14 days; so does Coffer when it lists them.
/// </summary>
public sealed class RdsEventLog(IMetadataStore store, TimeProvider time)
{
    /// <summary>How long events are listed.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    /// <summary>Records an event about a cluster.</summary>
    public Task RecordAsync(DbCluster cluster, string category, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return RecordAsync(cluster.Account, cluster.Region, cluster.Identifier, "db-cluster", cluster.Arn, category, message, cancellationToken);
    }

    /// <summary>Records an event about a cluster snapshot.</summary>
    public Task RecordAsync(DbClusterSnapshot snapshot, string category, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return RecordAsync(snapshot.Account, snapshot.Region, snapshot.Identifier, "db-cluster-snapshot", snapshot.Arn, category, message, cancellationToken);
    }

    private async Task RecordAsync(AccountId account, string region, string sourceId, string sourceType, string sourceArn, string category, string message, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(null, """
            INSERT INTO rds_events (account_id, region, source_id, source_type, source_arn, category, message, event_time)
            VALUES (@a, @r, @s, @y, @n, @c, @m, @t);
            """, cancellationToken, ("@a", account.Value), ("@r", region), ("@s", sourceId), ("@y", sourceType), ("@n", sourceArn),
            ("@c", category), ("@m", message), ("@t", time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>The events of an account and region between two times, oldest first, after event id <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<RdsEvent>> ListAsync(AccountId account, string region, DateTimeOffset start, DateTimeOffset end, long after, int limit, CancellationToken cancellationToken)
    {
        var events = new List<RdsEvent>();
        var floor = Math.Max(start.ToUnixTimeMilliseconds(), (time.GetUtcNow() - Retention).ToUnixTimeMilliseconds());
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = MetadataCommands.Create(connection, null, """
            SELECT id, source_id, source_type, source_arn, category, message, event_time FROM rds_events
            WHERE account_id = @a AND region = @r AND event_time >= @s AND event_time <= @e AND id > @after
            ORDER BY id LIMIT @limit;
            """, ("@a", account.Value), ("@r", region), ("@s", floor), ("@e", end.ToUnixTimeMilliseconds()), ("@after", after), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RdsEvent(reader.GetInt64(0), account, region, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return events;
    }
}
