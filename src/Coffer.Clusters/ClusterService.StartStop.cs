using Coffer.Keys;
using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>StopDBCluster and StartDBCluster, which is also how a cluster recovers once its key is usable again.</summary>
public sealed partial class ClusterService
{
    /// <summary>
    /// StartDBCluster: from <c>stopped</c>, or from <c>inaccessible-encryption-credentials-recoverable</c> once the key
    /// works again (checked now: KMSKeyNotAccessibleFault while it does not). Status starting, then available.
    /// </summary>
    public async Task<DbCluster> StartClusterAsync(KmsCaller caller, string identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        using var hold = await LockAsync(identifier, caller, cancellationToken);
        var cluster = hold.Cluster;
        if (cluster.Status is not (ClusterStatus.Stopped or ClusterStatus.InaccessibleRecoverable))
        {
            throw RdsErrors.InvalidClusterState($"DbCluster {cluster.Identifier} is in {cluster.Status} state but expected it to be one of {ClusterStatus.Stopped},{ClusterStatus.InaccessibleRecoverable}.");
        }

        if (cluster.StorageEncrypted)
        {
            try
            {
                var manifest = Storage.Volumes.Volume.ReadManifest(VolumeDirectory(cluster));
                using var check = await UseKeyAsync("Decrypt", ServiceCaller(cluster), cluster.KmsKeyArn!, ContextMap(cluster), () => _keys.DecryptAsync(ServiceCaller(cluster), manifest.WrappedKeyBytes, Context(cluster), cluster.KmsKeyArn, null, false, cancellationToken));
            }
            catch (AwsServiceException)
            {
                throw RdsErrors.KeyNotAccessible(cluster.KmsKeyArn!);
            }
        }

        if (_windows.TryRemove(cluster.ResourceId, out var window))
        {
            window.Dispose();
        }

        cluster = cluster with { Status = ClusterStatus.Starting, InaccessibleSince = null };
        await _store.UpdateAsync(cluster, cancellationToken);
        var starting = cluster;
        Background(cluster.ResourceId, async token =>
        {
            await OpenVolumeAsync(starting, token);
            if (_store.FindByResourceId(starting.ResourceId) is { Status: ClusterStatus.Starting } current && _volumes.ContainsKey(starting.ResourceId))
            {
                await _store.UpdateAsync(current with { Status = ClusterStatus.Available }, token);
                await EventAsync(current, "notification", "DB cluster started", token);
            }
        });
        return cluster;
    }

    /// <summary>StopDBCluster: from available; status stopping, then stopped with the volume closed and its keys zeroed.</summary>
    public async Task<DbCluster> StopClusterAsync(KmsCaller caller, string identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        using var hold = await LockAsync(identifier, caller, cancellationToken);
        var cluster = hold.Cluster;
        if (cluster.Status != ClusterStatus.Available)
        {
            throw RdsErrors.InvalidClusterState($"DbCluster {cluster.Identifier} is in {cluster.Status} state but expected it to be one of {ClusterStatus.Available}.");
        }

        cluster = cluster with { Status = ClusterStatus.Stopping };
        await _store.UpdateAsync(cluster, cancellationToken);
        var stopping = cluster;
        Background(cluster.ResourceId, async token =>
        {
            await SealLogAsync(stopping, token);
            await CloseVolumeAsync(stopping.ResourceId);

            if (_store.FindByResourceId(stopping.ResourceId) is { Status: ClusterStatus.Stopping } current)
            {
                await _store.UpdateAsync(current with { Status = ClusterStatus.Stopped }, token);
                await EventAsync(current, "notification", "DB cluster stopped", token);
            }
        });
        return cluster;
    }
}
