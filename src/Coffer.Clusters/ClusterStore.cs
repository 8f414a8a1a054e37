using System.Collections.Concurrent;
using System.Text.Json;
using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>
/// DB cluster records: durable in the metadata store (one JSON document per cluster, keyed by resource id, unique by
/// account, region and identifier), held in memory for reads. Writes go to the database first; one at a time.
/// </summary>
public sealed class ClusterStore : IDisposable
{
    private readonly IMetadataStore _store;
    private readonly ConcurrentDictionary<string, DbCluster> _clusters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writer = new(1, 1);

    private ClusterStore(IMetadataStore store) => _store = store;

    /// <summary>Loads every cluster.</summary>
    public static async Task<ClusterStore> LoadAsync(IMetadataStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var clusters = new ClusterStore(store);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = MetadataCommands.Create(connection, null, "SELECT document FROM rds_clusters;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var cluster = JsonSerializer.Deserialize(reader.GetString(0), ClusterJsonContext.Default.DbCluster)!;
            clusters._clusters[cluster.ResourceId] = cluster;
        }

        return clusters;
    }

    /// <summary>Every cluster (for startup recovery).</summary>
    public IEnumerable<DbCluster> All => _clusters.Values;

    /// <summary>A cluster by identifier, or <see langword="null"/>.</summary>
    public DbCluster? Find(AccountId account, string region, string identifier) =>
        _clusters.Values.FirstOrDefault(c => c.Account == account && c.Region == region && string.Equals(c.Identifier, identifier, StringComparison.Ordinal));

    /// <summary>A cluster by resource id, or <see langword="null"/>.</summary>
    public DbCluster? FindByResourceId(string resourceId) => _clusters.TryGetValue(resourceId, out var cluster) ? cluster : null;

    /// <summary>The clusters of an account in a region, by identifier.</summary>
    public IEnumerable<DbCluster> ClustersOf(AccountId account, string region) =>
        _clusters.Values.Where(c => c.Account == account && c.Region == region).OrderBy(c => c.Identifier, StringComparer.Ordinal);

    /// <summary>Adds a cluster; <see langword="false"/> when the identifier is taken in its account and region.</summary>
    public async Task<bool> TryAddAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (Find(cluster.Account, cluster.Region, cluster.Identifier) is not null)
            {
                return false;
            }

            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "INSERT INTO rds_clusters (resource_id, account_id, region, identifier, document) VALUES (@r, @a, @g, @i, @d);", cancellationToken,
                ("@r", cluster.ResourceId), ("@a", cluster.Account.Value), ("@g", cluster.Region), ("@i", cluster.Identifier), ("@d", Serialize(cluster)));
            _clusters[cluster.ResourceId] = cluster;
            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Replaces a cluster's record, renaming it when its identifier changed; <see langword="false"/> (nothing written)
    /// when another cluster of its account and region already has that identifier.
    /// </summary>
    public async Task<bool> TryUpdateAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (Find(cluster.Account, cluster.Region, cluster.Identifier) is { } holder && !string.Equals(holder.ResourceId, cluster.ResourceId, StringComparison.Ordinal))
            {
                return false;
            }

            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "UPDATE rds_clusters SET identifier = @i, document = @d WHERE resource_id = @r;", cancellationToken,
                ("@r", cluster.ResourceId), ("@i", cluster.Identifier), ("@d", Serialize(cluster)));
            _clusters[cluster.ResourceId] = cluster;
            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Replaces a cluster's record (its identifier may change).</summary>
    public async Task UpdateAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "UPDATE rds_clusters SET identifier = @i, document = @d WHERE resource_id = @r;", cancellationToken,
                ("@r", cluster.ResourceId), ("@i", cluster.Identifier), ("@d", Serialize(cluster)));
            _clusters[cluster.ResourceId] = cluster;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Removes a cluster's record.</summary>
    public async Task RemoveAsync(string resourceId, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "DELETE FROM rds_clusters WHERE resource_id = @r;", cancellationToken, ("@r", resourceId));
            _clusters.TryRemove(resourceId, out _);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static string Serialize(DbCluster cluster) => JsonSerializer.Serialize(cluster, ClusterJsonContext.Default.DbCluster);
}
