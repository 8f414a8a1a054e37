using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>
/// DB cluster snapshot records: durable in the metadata store (one JSON document per snapshot, keyed by its permanent
/// id, unique by account, region and identifier), held in memory for reads.
/// </summary>
public sealed class SnapshotStore : IDisposable
{
    private readonly DocumentTable<DbClusterSnapshot> _snapshots;

    private SnapshotStore(DocumentTable<DbClusterSnapshot> snapshots) => _snapshots = snapshots;

    /// <summary>Loads every snapshot.</summary>
    public static async Task<SnapshotStore> LoadAsync(IMetadataStore store, CancellationToken cancellationToken) =>
        new(await DocumentTable<DbClusterSnapshot>.LoadAsync(store, "rds_cluster_snapshots", ClusterJsonContext.Default.DbClusterSnapshot, s => new DocumentKey(s.SnapshotId, s.Account, s.Region, s.Identifier), cancellationToken));

    /// <summary>Every snapshot (for startup recovery).</summary>
    public IEnumerable<DbClusterSnapshot> All => _snapshots.All;

    /// <summary>A snapshot by identifier, or <see langword="null"/>.</summary>
    public DbClusterSnapshot? Find(AccountId account, string region, string identifier) => _snapshots.Find(account, region, identifier);

    /// <summary>A snapshot by permanent id, or <see langword="null"/>.</summary>
    public DbClusterSnapshot? FindById(string snapshotId) => _snapshots.FindById(snapshotId);

    /// <summary>The snapshots an account owns in a region, by identifier.</summary>
    public IEnumerable<DbClusterSnapshot> SnapshotsOf(AccountId account, string region) => _snapshots.Of(account, region);

    /// <summary>Adds a snapshot; <see langword="false"/> when the identifier is taken in its account and region.</summary>
    public Task<bool> TryAddAsync(DbClusterSnapshot snapshot, CancellationToken cancellationToken) => _snapshots.TryAddAsync(snapshot, cancellationToken);

    /// <summary>Replaces a snapshot's record.</summary>
    public Task UpdateAsync(DbClusterSnapshot snapshot, CancellationToken cancellationToken) => _snapshots.UpdateAsync(snapshot, cancellationToken);

    /// <summary>Removes a snapshot's record.</summary>
    public Task RemoveAsync(string snapshotId, CancellationToken cancellationToken) => _snapshots.RemoveAsync(snapshotId, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _snapshots.Dispose();
}
