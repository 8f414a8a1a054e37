using Coffer.Storage.Volumes;

namespace Coffer.Clusters;

/// <summary>
/// Open volumes and the long work that reads them (snapshots now, queries later). Closing a volume — the key went
/// away, the cluster stopped or is deleted — first cancels every use of it and waits for them to let go, so no reader
/// is left holding a volume whose keys were zeroed, and closing never waits for a long snapshot to finish.
/// </summary>
public sealed partial class ClusterService
{
    private readonly Lock _volumeGate = new();
    private readonly Dictionary<string, List<VolumeUse>> _volumeUses = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="work"/> on the open volume of the cluster with resource id <paramref name="resourceId"/> (the
    /// Data API's queries and the snapshots use it); the token it gets is cancelled when the volume is
    /// being closed. <see langword="null"/> (and no work) when the volume is not open.
    /// </summary>
    public async Task<T?> UseVolumeAsync<T>(string resourceId, Func<Volume, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        where T : class
    {
        VolumeUse use;
        Volume? volume;
        lock (_volumeGate)
        {
            if (!_volumes.TryGetValue(resourceId, out volume))
            {
                return null;
            }

            use = new VolumeUse(CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
            if (!_volumeUses.TryGetValue(resourceId, out var uses))
            {
                _volumeUses[resourceId] = uses = [];
            }

            uses.Add(use);
        }

        try
        {
            return await work(volume, use.Cancel.Token);
        }
        finally
        {
            lock (_volumeGate)
            {
                if (_volumeUses.TryGetValue(resourceId, out var uses) && uses.Remove(use) && uses.Count == 0)
                {
                    _volumeUses.Remove(resourceId);
                }

                use.Cancel.Dispose();
            }

            use.Done.TrySetResult();
        }
    }

    /// <summary>Closes the cluster's volume, if open: cancels its uses, waits for them, then disposes it (zeroing its keys).</summary>
    private async Task CloseVolumeAsync(string resourceId)
    {
        if (_volumes.TryGetValue(resourceId, out var closing) && _store.FindByResourceId(resourceId) is { } cluster)
        {
            EngineLogs.RecordClusterNote(cluster, "Note", $"Instance shutting down; volume {closing.Manifest.VolumeId} closed and its keys zeroed.");
        }

        Volume? volume;
        List<VolumeUse> uses;
        lock (_volumeGate)
        {
            _volumes.TryRemove(resourceId, out volume);
            uses = _volumeUses.TryGetValue(resourceId, out var current) ? [.. current] : [];
            foreach (var use in uses)
            {
                use.Cancel.Cancel();
            }
        }

        await Task.WhenAll(uses.Select(u => u.Done.Task));
        volume?.Dispose();
    }

    /// <summary>One piece of work reading a volume.</summary>
    private sealed class VolumeUse(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
