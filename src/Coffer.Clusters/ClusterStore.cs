using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>
/// DB cluster records: durable in the metadata store (one JSON document per cluster, keyed by resource id, unique by
/// account, region and identifier), held in memory for reads. Writes go to the database first; one at a time.
/// </summary>
public sealed class ClusterStore : IDisposable
{
    private readonly DocumentTable<DbCluster> _clusters;

    private ClusterStore(DocumentTable<DbCluster> clusters) => _clusters = clusters;

    /// <summary>Loads every cluster.</summary>
    public static async Task<ClusterStore> LoadAsync(IMetadataStore store, CancellationToken cancellationToken) =>
        new(await DocumentTable<DbCluster>.LoadAsync(store, "rds_clusters", ClusterJsonContext.Default.DbCluster, c => new DocumentKey(c.ResourceId, c.Account, c.Region, c.Identifier), cancellationToken));

    /// <summary>Raised after a cluster's record is added or replaced: the record before (none when added) and after.</summary>
    public event Action<DbCluster?, DbCluster>? Changed;

    /// <summary>Every cluster (for startup recovery).</summary>
    public IEnumerable<DbCluster> All => _clusters.All;

    /// <summary>A cluster by identifier, or <see langword="null"/>.</summary>
    public DbCluster? Find(AccountId account, string region, string identifier) => _clusters.Find(account, region, identifier);

    /// <summary>A cluster by resource id, or <see langword="null"/>.</summary>
    public DbCluster? FindByResourceId(string resourceId) => _clusters.FindById(resourceId);

    /// <summary>The clusters of an account in a region, by identifier.</summary>
    public IEnumerable<DbCluster> ClustersOf(AccountId account, string region) => _clusters.Of(account, region);

    /// <summary>Adds a cluster; <see langword="false"/> when the identifier is taken in its account and region.</summary>
    public async Task<bool> TryAddAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        var added = await _clusters.TryAddAsync(cluster, cancellationToken);
        if (added)
        {
            Changed?.Invoke(null, cluster);
        }

        return added;
    }

    /// <summary>
    /// Replaces a cluster's record, renaming it when its identifier changed; <see langword="false"/> (nothing written)
    /// when another cluster of its account and region already has that identifier.
    /// </summary>
    public Task<bool> TryUpdateAsync(DbCluster cluster, CancellationToken cancellationToken) => _clusters.TryUpdateAsync(cluster, cancellationToken);

    /// <summary>Replaces a cluster's record (its identifier may change).</summary>
    public async Task UpdateAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var before = _clusters.FindById(cluster.ResourceId);
        await _clusters.UpdateAsync(cluster, cancellationToken);
        Changed?.Invoke(before, cluster);
    }

    /// <summary>Removes a cluster's record.</summary>
    public Task RemoveAsync(string resourceId, CancellationToken cancellationToken) => _clusters.RemoveAsync(resourceId, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _clusters.Dispose();
}
