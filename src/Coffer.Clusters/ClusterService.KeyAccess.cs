using System.Collections.Concurrent;
using Coffer.Keys;
using Coffer.Keys.Store;
using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>
/// What happens when a cluster's key goes away (the seed's "Important" box): the key service reports every change as
/// it is made durable; a disabled key or one pending deletion puts each cluster using it into
/// <c>inaccessible-encryption-credentials-recoverable</c> at once — its volume closed, its data key zeroed — and after
/// the recoverable window without recovery into <c>inaccessible-encryption-credentials</c>, terminal. A revoked or
/// retired cluster grant, or the key's deletion, is terminal at once.
/// </summary>
public sealed partial class ClusterService
{
    private readonly ConcurrentDictionary<string, ITimer> _windows = new(StringComparer.Ordinal);

    /// <summary>The key id a cluster's key ARN names.</summary>
    private static Guid? KeyIdOf(DbCluster cluster) =>
        cluster.KmsKeyArn is { } arn && Guid.TryParse(arn[(arn.LastIndexOf('/') + 1)..], out var id) ? id : null;

    private void OnKeyChanged(KeyStoreChange change)
    {
        foreach (var cluster in _store.All.Where(c => KeyIdOf(c) == change.KeyId).ToList())
        {
            var terminal = change.State is null || (change.RemovedGrantId is not null && change.RemovedGrantId == cluster.GrantId);
            if (terminal || change.State is not (KeyState.Enabled or KeyState.Updating))
            {
                Background(cluster.ResourceId, token => LoseKeyAsync(cluster.ResourceId, terminal, token));
            }
        }
    }

    /// <summary>Closes the cluster's volume (zeroing its keys) and records the inaccessible state it is now in.</summary>
    private async Task LoseKeyAsync(string resourceId, bool terminal, CancellationToken cancellationToken)
    {
        var cluster = _store.FindByResourceId(resourceId);
        if (cluster is null || cluster.Status is ClusterStatus.Deleting or ClusterStatus.Inaccessible ||
            (!terminal && cluster.Status == ClusterStatus.InaccessibleRecoverable))
        {
            return;
        }

        EngineLogs.RecordClusterNote(cluster, "Error", $"The KMS key {cluster.KmsKeyArn} can no longer be used ({(terminal ? ClusterStatus.Inaccessible : ClusterStatus.InaccessibleRecoverable)}): the data key is dropped from memory and connections are refused.");
        await CloseVolumeAsync(resourceId);

        var since = cluster.InaccessibleSince ?? _time.GetUtcNow();
        await _store.UpdateAsync(cluster with { Status = terminal ? ClusterStatus.Inaccessible : ClusterStatus.InaccessibleRecoverable, InaccessibleSince = since }, cancellationToken);
        Log.KeyLost(_logger, cluster.ResourceId, terminal ? ClusterStatus.Inaccessible : ClusterStatus.InaccessibleRecoverable);
        await EventAsync(cluster, "failure", terminal
            ? $"The DB cluster can no longer use its KMS key {cluster.KmsKeyArn} and is inaccessible for good; restore it from a snapshot or an automated backup."
            : $"The DB cluster cannot use its KMS key {cluster.KmsKeyArn} and is inaccessible; make the key usable and start the cluster within {_options.RecoverableWindow.TotalDays:0.##} days to recover it.", cancellationToken);
        if (!terminal)
        {
            ScheduleWindow(resourceId, since);
        }
    }

    /// <summary>Makes a recoverable cluster terminal when its window ends without recovery.</summary>
    private void ScheduleWindow(string resourceId, DateTimeOffset since)
    {
        var due = since + _options.RecoverableWindow - _time.GetUtcNow();
        var timer = _time.CreateTimer(_ => Background(resourceId, ExpireWindowAsync(resourceId)), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        if (_windows.TryRemove(resourceId, out var previous))
        {
            previous.Dispose();
        }

        _windows[resourceId] = timer;
    }

    private Func<CancellationToken, Task> ExpireWindowAsync(string resourceId) => async token =>
    {
        var cluster = _store.FindByResourceId(resourceId);
        if (cluster is { Status: ClusterStatus.InaccessibleRecoverable, InaccessibleSince: { } since } && since + _options.RecoverableWindow <= _time.GetUtcNow())
        {
            await _store.UpdateAsync(cluster with { Status = ClusterStatus.Inaccessible }, token);
            Log.KeyLost(_logger, resourceId, ClusterStatus.Inaccessible);
            await EventAsync(cluster, "failure", $"The DB cluster was not recovered within {_options.RecoverableWindow.TotalDays:0.##} days and is inaccessible for good; restore it from a snapshot or an automated backup.", token);
        }
    };

    /// <summary>Whether a key service error means the key may come back (disabled, pending deletion) or not (grant or key gone).</summary>
    private static bool IsRecoverable(AwsServiceException error) =>
        error.Code is KmsErrors.Codes.Disabled or KmsErrors.Codes.InvalidState;

    private void DisposeWindows()
    {
        foreach (var timer in _windows.Values)
        {
            timer.Dispose();
        }

        _windows.Clear();
    }
}
