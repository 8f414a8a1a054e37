using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Coffer.Keys;
using Coffer.Primitives;
using Coffer.Storage.Archives;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Clusters;

/// <summary>
/// Automated backups. While a cluster is available its change log (every committed transaction) is sealed into the
/// archive store every <see cref="ClusterOptions.LogSealInterval"/>, and when it stops or is deleted, each segment under
/// a fresh data key generated under the cluster's KMS key through its grant; an automated snapshot is taken as soon as
/// it becomes available and then every <see cref="ClusterOptions.AutomatedBackupInterval"/>. Both are driven by
/// <see cref="TimeProvider"/> timers. What the retention period no longer needs is pruned: automated snapshots older
/// than the window except the newest of them (the base of a restore to the window's start), and segments older than
/// the oldest base kept. A cluster deleted with DeleteAutomatedBackups=false leaves its backups retained: they expire
/// the same way, under the retention period the cluster had when it was deleted, and once its last restorable moment
/// (the deletion) is older than that period, the retained backup is deleted whole.
/// </summary>
public sealed partial class ClusterService
{
    private readonly ConcurrentDictionary<string, BackupTimers> _backupTimers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _logGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSealed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITimer> _retainedTimers = new(StringComparer.Ordinal);

    /// <summary>Retained automated backups of deleted clusters (without it, deleting a cluster always deletes its backups).</summary>
    public AutomatedBackupStore? AutomatedBackups { get; init; }

    /// <summary>Whether automated backups run: they need the snapshot records and the archive store.</summary>
    private bool BackupsEnabled => Snapshots is not null && SnapshotArchives is not null;

    /// <summary>
    /// The times the cluster's automated backups restore to, or <see langword="null"/> when it has none yet. The latest
    /// is now while its volume is open (its live log is replayed too); otherwise its last sealed commit.
    /// </summary>
    public RestorableWindow? RestorableWindowOf(DbCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!BackupsEnabled)
        {
            return null;
        }

        var bases = AutomatedBases(cluster.ResourceId);
        if (bases.Count == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        return Window(bases, cluster.BackupRetentionPeriod, _volumes.ContainsKey(cluster.ResourceId) ? FloorMilliseconds(now) : ClosedLogEnd(cluster.ResourceId, bases));
    }

    /// <summary>DescribeDBClusterAutomatedBackups: the caller's retained backups, by resource id or cluster identifier.</summary>
    public IReadOnlyList<DbClusterAutomatedBackup> DescribeAutomatedBackups(KmsCaller caller, string? resourceId, string? clusterIdentifier)
    {
        ArgumentNullException.ThrowIfNull(caller);
        IEnumerable<DbClusterAutomatedBackup> found = AutomatedBackups?.Of(caller.Account, caller.Region) ?? [];
        if (resourceId is not null)
        {
            found = found.Where(b => string.Equals(b.ResourceId, resourceId, StringComparison.Ordinal));
        }

        if (clusterIdentifier is not null)
        {
            found = found.Where(b => string.Equals(b.ClusterIdentifier, clusterIdentifier.ToLowerInvariant(), StringComparison.Ordinal));
        }

        var list = found.Select(b => RetainedWindow(b) is var window && window.Earliest != b.EarliestTime ? b with { EarliestTime = window.Earliest } : b).ToList();
        return resourceId is not null && list.Count == 0 ? throw RdsErrors.AutomatedBackupNotFound(resourceId) : list;
    }

    /// <summary>DeleteDBClusterAutomatedBackup: deletes a retained backup's snapshots and sealed log, then its record.</summary>
    public async Task<DbClusterAutomatedBackup> DeleteAutomatedBackupAsync(KmsCaller caller, string? resourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(resourceId))
        {
            throw RdsErrors.MissingParameter("DbClusterResourceId");
        }

        var backup = AutomatedBackups?.Find(resourceId);
        if (backup is null || backup.Account != caller.Account || backup.Region != caller.Region)
        {
            throw RdsErrors.AutomatedBackupNotFound(resourceId);
        }

        if (_store.All.FirstOrDefault(c => c.RestoreSource?.SourceResourceId == resourceId) is { } restoring)
        {
            throw RdsErrors.InvalidAutomatedBackupState($"The automated backup {resourceId} cannot be deleted: DB cluster {restoring.Identifier} is being restored from it.");
        }

        var gate = LogGate(resourceId);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await DeleteBackupDataAsync(backup.Account, backup.Region, resourceId, CancellationToken.None);
            await AutomatedBackups!.RemoveAsync(resourceId, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }

        CancelRetainedExpiry(resourceId);
        return backup;
    }

    /// <summary>
    /// What a retained backup restores to now: from its earliest time or the start of its retention period, whichever
    /// is later, to the moment its cluster was deleted.
    /// </summary>
    internal RestorableWindow RetainedWindow(DbClusterAutomatedBackup backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var earliest = Max(backup.EarliestTime, CeilingMilliseconds(_time.GetUtcNow() - TimeSpan.FromDays(backup.BackupRetentionPeriod)));
        return new RestorableWindow(earliest > backup.LatestTime ? backup.LatestTime : earliest, backup.LatestTime);
    }

    /// <summary>The name prefix of a cluster's sealed change log segments in the archive store.</summary>
    private static string LogPrefix(AccountId account, string region, string resourceId) => $"{account}/{region}/log/{resourceId}/";

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// Responses carry milliseconds: the window's ends are whole milliseconds inside what can be restored, so that a time
    /// copied from DescribeDBClusters is accepted and restores what it says.
    /// </summary>
    private static DateTimeOffset FloorMilliseconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static DateTimeOffset CeilingMilliseconds(DateTimeOffset time)
    {
        var floor = FloorMilliseconds(time);
        return floor == time ? floor : floor.AddMilliseconds(1);
    }

    /// <summary>The window from the oldest base (or the retention period's start, when later) to <paramref name="latest"/>.</summary>
    private RestorableWindow Window(List<DbClusterSnapshot> bases, int retentionDays, DateTimeOffset latest)
    {
        var earliest = CeilingMilliseconds(Max(bases.Min(b => b.LogCommitTime!.Value), _time.GetUtcNow() - TimeSpan.FromDays(retentionDays)));
        return new RestorableWindow(earliest > latest ? latest : earliest, latest);
    }

    /// <summary>The available automated snapshots of a cluster that can start a point-in-time restore, oldest first.</summary>
    private List<DbClusterSnapshot> AutomatedBases(string resourceId) =>
        [.. SnapshotRecords.All
            .Where(s => s.ClusterResourceId == resourceId && s.SnapshotType == SnapshotStatus.Automated && s.Status == SnapshotStatus.Available && s.LogCommitTime is not null)
            .OrderBy(s => s.LogCommitTime)];

    /// <summary>Where the log of a cluster whose volume is closed is known to end: its last sealed commit, or its newest base.</summary>
    private DateTimeOffset ClosedLogEnd(string resourceId, List<DbClusterSnapshot> bases)
    {
        var newest = CeilingMilliseconds(bases.Max(b => b.LogCommitTime!.Value));
        return _lastSealed.TryGetValue(resourceId, out var sealedUntil) ? Max(sealedUntil, newest) : newest;
    }

    private SemaphoreSlim LogGate(string resourceId) => _logGates.GetOrAdd(resourceId, _ => new SemaphoreSlim(1, 1));

    /// <summary>A cluster that becomes available (created, restored, started) gets its backup timers.</summary>
    private void OnClusterChanged(DbCluster? before, DbCluster after)
    {
        if (BackupsEnabled && Volatile.Read(ref _disposed) == 0 && after.Status == ClusterStatus.Available &&
            before?.Status is not (ClusterStatus.Available or ClusterStatus.BackingUp))
        {
            ScheduleBackups(after.ResourceId);
        }
    }

    /// <summary>After a restart: learns where each sealed log ends and schedules the backups of available clusters.</summary>
    private async Task StartBackupsAsync(CancellationToken cancellationToken)
    {
        if (!BackupsEnabled)
        {
            return;
        }

        await foreach (var entry in ArchiveStore.ListAsync(string.Empty, cancellationToken))
        {
            NoteSealed(entry.Name);
        }

        foreach (var cluster in _store.All.Where(c => c.Status is ClusterStatus.Available or ClusterStatus.BackingUp).ToList())
        {
            ScheduleBackups(cluster.ResourceId);
        }

        foreach (var backup in AutomatedBackups?.All.ToList() ?? [])
        {
            ScheduleRetainedExpiry(backup.ResourceId);
            Background(backup.ResourceId, token => ExpireRetainedAsync(backup.ResourceId, token));
        }
    }

    /// <summary>A retained backup's pruning timer, on the log seal interval as a live cluster's.</summary>
    private void ScheduleRetainedExpiry(string resourceId)
    {
        var timer = _time.CreateTimer(_ => OnBackupTimer(resourceId, ExpireRetainedAsync), null, _options.LogSealInterval, _options.LogSealInterval);
        if (_retainedTimers.TryRemove(resourceId, out var previous))
        {
            previous.Dispose();
        }

        _retainedTimers[resourceId] = timer;
    }

    private void CancelRetainedExpiry(string resourceId)
    {
        if (_retainedTimers.TryRemove(resourceId, out var timer))
        {
            timer.Dispose();
        }
    }

    /// <summary>
    /// Prunes a retained backup as its cluster's backups were pruned (snapshots and segments the retention period no
    /// longer needs), and deletes it whole — snapshots, sealed log and record — once the moment of its cluster's
    /// deletion is older than the retention period. A backup a restore or a snapshot copy is reading waits for the next round.
    /// </summary>
    private async Task ExpireRetainedAsync(string resourceId, CancellationToken cancellationToken)
    {
        if (AutomatedBackups?.Find(resourceId) is not { } backup)
        {
            CancelRetainedExpiry(resourceId);
            return;
        }

        if (backup.LatestTime > _time.GetUtcNow() - TimeSpan.FromDays(backup.BackupRetentionPeriod))
        {
            await PruneExpiredAsync(backup.Account, backup.Region, resourceId, backup.BackupRetentionPeriod, cancellationToken);
            return;
        }

        if (_store.All.Any(c => c.RestoreSource?.SourceResourceId == resourceId) ||
            SnapshotRecords.All.Any(s => s.ClusterResourceId == resourceId && SnapshotReaders(s.SnapshotId) is not null))
        {
            return;
        }

        var gate = LogGate(resourceId);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await DeleteBackupDataAsync(backup.Account, backup.Region, resourceId, CancellationToken.None);
            await AutomatedBackups.RemoveAsync(resourceId, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }

        CancelRetainedExpiry(resourceId);
        Log.RetainedBackupExpired(_logger, resourceId, backup.BackupRetentionPeriod);
    }

    /// <summary>
    /// (Re)starts a cluster's two timers: the automated snapshot (now, when none was taken within the interval) and the
    /// log seal with pruning.
    /// </summary>
    private void ScheduleBackups(string resourceId)
    {
        var interval = _options.AutomatedBackupInterval;
        var last = SnapshotRecords.All.Where(s => s.ClusterResourceId == resourceId && s.SnapshotType == SnapshotStatus.Automated)
            .Select(s => (DateTimeOffset?)s.SnapshotCreateTime).Max();
        var due = last is { } at ? at + interval - _time.GetUtcNow() : TimeSpan.Zero;
        if (due <= TimeSpan.Zero)
        {
            Background(resourceId, token => TakeAutomatedSnapshotAsync(resourceId, token));
            due = interval;
        }

        var timers = new BackupTimers(
            _time.CreateTimer(_ => OnBackupTimer(resourceId, TakeAutomatedSnapshotAsync), null, due, interval),
            _time.CreateTimer(_ => OnBackupTimer(resourceId, SealAndPruneAsync), null, _options.LogSealInterval, _options.LogSealInterval));
        if (_backupTimers.TryRemove(resourceId, out var previous))
        {
            previous.Dispose();
        }

        _backupTimers[resourceId] = timers;
    }

    private void OnBackupTimer(string resourceId, Func<string, CancellationToken, Task> work)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            Background(resourceId, token => work(resourceId, token));
        }
    }

    private void CancelBackupTimers(string resourceId)
    {
        if (_backupTimers.TryRemove(resourceId, out var timers))
        {
            timers.Dispose();
        }
    }

    private void DisposeBackupTimers()
    {
        foreach (var resourceId in _backupTimers.Keys.ToList())
        {
            CancelBackupTimers(resourceId);
        }

        foreach (var resourceId in _retainedTimers.Keys.ToList())
        {
            CancelRetainedExpiry(resourceId);
        }
    }

    /// <summary>Takes an automated snapshot (<c>rds:&lt;cluster&gt;-&lt;yyyy-MM-dd-HH-mm&gt;</c>) of an available cluster.</summary>
    private async Task TakeAutomatedSnapshotAsync(string resourceId, CancellationToken cancellationToken)
    {
        var cluster = _store.FindByResourceId(resourceId);
        if (cluster is null)
        {
            CancelBackupTimers(resourceId);
            return;
        }

        if (cluster.Status != ClusterStatus.Available || !_volumes.ContainsKey(resourceId))
        {
            return;
        }

        var identifier = string.Create(CultureInfo.InvariantCulture, $"rds:{cluster.Identifier}-{_time.GetUtcNow():yyyy-MM-dd-HH-mm}");
        if (SnapshotRecords.Find(cluster.Account, cluster.Region, identifier) is not null)
        {
            return;
        }

        DbClusterSnapshot snapshot;
        VolumeKeyMaterial? key;
        try
        {
            (snapshot, key) = await BeginSnapshotAsync(cluster, identifier, SnapshotStatus.Automated, new Dictionary<string, string>(), cancellationToken);
        }
        catch (AwsServiceException e)
        {
            Log.AutomatedSnapshotSkipped(_logger, resourceId, e.Code);
            return;
        }

        Background(snapshot.SnapshotId, token => WriteSnapshotAsync(snapshot, key, token));
    }

    private async Task SealAndPruneAsync(string resourceId, CancellationToken cancellationToken)
    {
        var cluster = _store.FindByResourceId(resourceId);
        if (cluster is null)
        {
            CancelBackupTimers(resourceId);
            return;
        }

        await SealLogAsync(cluster, cancellationToken);
        await PruneBackupsAsync(cluster, cancellationToken);
    }

    /// <summary>
    /// Closes the cluster's current log segment and seals every closed one into the archive store, each under a fresh
    /// data key generated under the cluster's key through its grant (with its encryption context). Returns whether the
    /// whole log up to now is sealed: <see langword="false"/> when the volume is not open or sealing failed.
    /// </summary>
    private async Task<bool> SealLogAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        if (!BackupsEnabled)
        {
            return false;
        }

        var gate = LogGate(cluster.ResourceId);
        await gate.WaitAsync(cancellationToken);
        var keys = new List<VolumeKeyMaterial>();
        try
        {
            var names = await UseVolumeAsync(cluster.ResourceId, async (volume, token) =>
            {
                if (volume.ChangeLogPosition is null)
                {
                    return (IReadOnlyList<string>)[];
                }

                volume.RotateChangeLog();
                return await ChangeLogArchives.SealAsync(volume, ArchiveStore, LogPrefix(cluster.Account, cluster.Region, cluster.ResourceId), async t =>
                {
                    var key = await SnapshotKeyAsync(cluster, t);
                    if (key is not null)
                    {
                        keys.Add(key);
                    }

                    return key;
                }, _time, token);
            }, cancellationToken);
            foreach (var name in names ?? [])
            {
                NoteSealed(name);
            }

            return names is not null;
        }
        catch (Exception e) when (e is AwsServiceException or IOException or ChangeLogCorruptException or VolumeException or SqliteException or ArchiveCorruptException)
        {
            Log.LogNotSealed(_logger, cluster.ResourceId, e);
            return false;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            // The volume is being closed (its key went away): the segments stay local and are sealed once it reopens.
            return false;
        }
        finally
        {
            foreach (var key in keys)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }

            gate.Release();
        }
    }

    /// <summary>
    /// Deletes the automated snapshots the retention period no longer needs (never one a restore is reading) and the
    /// sealed segments older than every base still kept — including the base of a restore under way.
    /// </summary>
    private Task PruneBackupsAsync(DbCluster cluster, CancellationToken cancellationToken) =>
        PruneExpiredAsync(cluster.Account, cluster.Region, cluster.ResourceId, cluster.BackupRetentionPeriod, cancellationToken);

    /// <summary>The pruning of <see cref="PruneBackupsAsync"/>, for a live cluster's backups or a retained backup.</summary>
    private async Task PruneExpiredAsync(AccountId account, string region, string resourceId, int retentionDays, CancellationToken cancellationToken)
    {
        var gate = LogGate(resourceId);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var cutoff = _time.GetUtcNow() - TimeSpan.FromDays(retentionDays);
            var expired = AutomatedBases(resourceId).Where(s => s.SnapshotCreateTime < cutoff).OrderBy(s => s.SnapshotCreateTime).ToList();
            foreach (var snapshot in expired.Take(expired.Count - 1).Where(s => SnapshotReaders(s.SnapshotId) is null))
            {
                await SnapshotRecords.RemoveAsync(snapshot.SnapshotId, CancellationToken.None);
                await ArchiveStore.DeleteAsync(snapshot.ArchiveName, CancellationToken.None);
                await SnapshotEventAsync(snapshot, "deletion", "Automated cluster snapshot deleted: it is older than the backup retention period", CancellationToken.None);
            }

            var restoring = _store.All.Where(c => c.RestoreSource?.SourceResourceId == resourceId)
                .Select(c => SnapshotRecords.FindById(c.RestoreSource!.SnapshotId)?.LogCommitTime);
            var needed = AutomatedBases(resourceId).Select(s => s.LogCommitTime).Concat(restoring).Where(t => t is not null).Select(t => t!.Value).ToList();
            if (needed.Count > 0)
            {
                await ChangeLogArchives.PruneAsync(ArchiveStore, LogPrefix(account, region, resourceId), needed.Min(), cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// At a cluster's deletion, before its volume closes: retains its backups (sealing the whole log first, so that they
    /// restore to the moment of deletion) when it is deleted with DeleteAutomatedBackups=false, or deletes them.
    /// </summary>
    private async Task EndBackupsAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        CancelBackupTimers(cluster.ResourceId);
        if (!BackupsEnabled)
        {
            return;
        }

        var current = _store.FindByResourceId(cluster.ResourceId) ?? cluster;
        if (current.RetainAutomatedBackups && AutomatedBackups is not null)
        {
            if (AutomatedBackups.Find(current.ResourceId) is not null)
            {
                return;
            }

            var sealedAll = await SealLogAsync(current, cancellationToken);
            var bases = AutomatedBases(current.ResourceId);
            if (bases.Count > 0)
            {
                var window = Window(bases, current.BackupRetentionPeriod, sealedAll ? FloorMilliseconds(_time.GetUtcNow()) : ClosedLogEnd(current.ResourceId, bases));
                await AutomatedBackups.TryAddAsync(new DbClusterAutomatedBackup
                {
                    ResourceId = current.ResourceId,
                    Account = current.Account,
                    Region = current.Region,
                    ClusterIdentifier = current.Identifier,
                    StorageEncrypted = current.StorageEncrypted,
                    KmsKeyArn = current.KmsKeyArn,
                    EngineVersion = current.EngineVersion,
                    MasterUsername = current.MasterUsername,
                    BackupRetentionPeriod = current.BackupRetentionPeriod,
                    ClusterCreateTime = current.CreateTime,
                    EarliestTime = window.Earliest,
                    LatestTime = window.Latest,
                }, cancellationToken);
                ScheduleRetainedExpiry(current.ResourceId);
                return;
            }
        }

        var gate = LogGate(current.ResourceId);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await DeleteBackupDataAsync(current.Account, current.Region, current.ResourceId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Deletes a cluster's automated snapshots (those no restore is reading) and every sealed segment of its log.</summary>
    private async Task DeleteBackupDataAsync(AccountId account, string region, string resourceId, CancellationToken cancellationToken)
    {
        var automated = SnapshotRecords.All
            .Where(s => s.ClusterResourceId == resourceId && s.SnapshotType == SnapshotStatus.Automated && s.Status == SnapshotStatus.Available)
            .ToList();
        foreach (var snapshot in automated.Where(s => SnapshotReaders(s.SnapshotId) is null))
        {
            await SnapshotRecords.RemoveAsync(snapshot.SnapshotId, CancellationToken.None);
            await ArchiveStore.DeleteAsync(snapshot.ArchiveName, CancellationToken.None);
        }

        await ChangeLogArchives.PruneAsync(ArchiveStore, LogPrefix(account, region, resourceId), DateTimeOffset.MaxValue, cancellationToken);
        _lastSealed.TryRemove(resourceId, out _);
    }

    /// <summary>Remembers where a cluster's sealed log ends, from a segment's name (<c>…/log/&lt;resource id&gt;/&lt;first&gt;-&lt;last&gt;-&lt;last commit ms&gt;</c>).</summary>
    private void NoteSealed(string name)
    {
        var parts = name.Split('/');
        if (parts.Length != 5 || parts[2] != "log" || parts[4].Length != 57 ||
            !long.TryParse(parts[4].AsSpan(42), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return;
        }

        // The name holds the last commit's millisecond, rounded down: the log is known to end within the next one.
        var commit = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds + 1);
        _lastSealed.AddOrUpdate(parts[3], commit, (_, known) => Max(known, commit));
    }

    /// <summary>A cluster's automated snapshot timer and its log seal timer.</summary>
    private sealed record BackupTimers(ITimer Snapshot, ITimer Seal) : IDisposable
    {
        public void Dispose()
        {
            Snapshot.Dispose();
            Seal.Dispose();
        }
    }
}
