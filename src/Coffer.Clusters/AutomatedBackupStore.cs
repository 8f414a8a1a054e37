using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>
/// Retained automated backups of deleted clusters: durable in the metadata store (one JSON document each, keyed by the
/// deleted cluster's resource id), held in memory for reads.
/// </summary>
public sealed class AutomatedBackupStore : IDisposable
{
    private readonly DocumentTable<DbClusterAutomatedBackup> _backups;

    private AutomatedBackupStore(DocumentTable<DbClusterAutomatedBackup> backups) => _backups = backups;

    /// <summary>Loads every retained backup.</summary>
    public static async Task<AutomatedBackupStore> LoadAsync(IMetadataStore store, CancellationToken cancellationToken) =>
        new(await DocumentTable<DbClusterAutomatedBackup>.LoadAsync(store, "rds_cluster_automated_backups", ClusterJsonContext.Default.DbClusterAutomatedBackup, b => new DocumentKey(b.ResourceId, b.Account, b.Region, b.ResourceId), cancellationToken));

    /// <summary>Every retained backup.</summary>
    public IEnumerable<DbClusterAutomatedBackup> All => _backups.All;

    /// <summary>A retained backup by the deleted cluster's resource id, or <see langword="null"/>.</summary>
    public DbClusterAutomatedBackup? Find(string resourceId) => _backups.FindById(resourceId);

    /// <summary>The retained backups of an account in a region, by resource id.</summary>
    public IEnumerable<DbClusterAutomatedBackup> Of(AccountId account, string region) => _backups.Of(account, region);

    /// <summary>Adds a retained backup; <see langword="false"/> when it is already recorded.</summary>
    public Task<bool> TryAddAsync(DbClusterAutomatedBackup backup, CancellationToken cancellationToken) => _backups.TryAddAsync(backup, cancellationToken);

    /// <summary>Removes a retained backup's record.</summary>
    public Task RemoveAsync(string resourceId, CancellationToken cancellationToken) => _backups.RemoveAsync(resourceId, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _backups.Dispose();
}
