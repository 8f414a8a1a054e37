using System.Globalization;
using System.Security.Cryptography;
using Coffer.Keys.Crypto;
using Coffer.Keys;
using Coffer.Primitives;
using Coffer.Storage.Archives;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Clusters;

/// <summary>
/// RestoreDBClusterToPointInTime: a new cluster holding exactly the transactions the source committed at or before the
/// restore time. The base is the source's newest snapshot (automated or manual, not a copy) whose image ends at or
/// before that time; its change log is replayed from there — sealed segments from the archive store, then the open
/// volume's own segments while the source is available. The archives are opened with the caller's permission to use
/// the source's key, via RDS (so a retained backup restores after the deleted cluster's grant is retired).
/// </summary>
public sealed partial class ClusterService
{
    /// <summary>
    /// RestoreDBClusterToPointInTime. Checked now: the parameters (InvalidParameterCombination), the source
    /// (DBClusterNotFoundFault, DBClusterAutomatedBackupNotFoundFault), the time against the source's restorable window
    /// (InvalidRestoreFault), the caller's use of the source's key and of the new one (KMSKeyNotAccessibleFault). The
    /// volume is built afterwards (status creating → available; a failure leaves it incompatible-restore).
    /// </summary>
    public async Task<DbCluster> RestoreToPointInTimeAsync(KmsCaller caller, PointInTimeRestoreClusterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var identifier = ClusterIdentifiers.Normalize(request.Identifier, "DBClusterIdentifier");
        ValidatePointInTimeRequest(request);
        var source = ResolveBackupSource(caller, request);
        var window = source.Window ?? throw RdsErrors.InvalidRestore($"DB cluster {source.Identifier} has no automated backup to restore from yet.");
        var time = request.UseLatestRestorableTime ? window.Latest : request.RestoreToTime!.Value;
        if (!window.Contains(time))
        {
            throw RdsErrors.InvalidRestore(string.Create(CultureInfo.InvariantCulture,
                $"The restore time {Format(time)} is outside the restorable window of DB cluster {source.Identifier}: restore to a time from {Format(window.Earliest)} to {Format(window.Latest)}."));
        }

        var baseSnapshot = SnapshotRecords.All
            .Where(s => s.ClusterResourceId == source.ResourceId && s.Account == caller.Account && s.Status == SnapshotStatus.Available && s.SourceSnapshotArn is null && s.LogCommitTime <= time)
            .MaxBy(s => s.LogCommitTime)
            ?? throw RdsErrors.InvalidRestore($"DB cluster {source.Identifier} has no backup taken at or before {Format(time)}.");

        CheckRoomForCluster(caller, identifier);

        var archiveKey = await OpenSnapshotKeyAsync(caller, baseSnapshot, cancellationToken);
        VolumeKeyMaterial? key = null;
        try
        {
            var cluster = RestoredCluster(
                caller, identifier, baseSnapshot, request.BackupRetentionPeriod ?? source.RetentionPeriod, request.DeletionProtection, request.EnableHttpEndpoint, request.CopyTagsToSnapshot, request.Tags,
                new ClusterRestoreSource { SnapshotId = baseSnapshot.SnapshotId, Principal = caller.PrincipalArn, RestoreTime = time, SourceResourceId = source.ResourceId });
            if ((request.KmsKeyId ?? baseSnapshot.KmsKeyArn) is { } keyId)
            {
                (cluster, key) = await ProvisionKeyAsync(caller, cluster, keyId, cancellationToken);
            }

            var restoring = cluster;
            var volumeKey = key;
            var heldArchiveKey = archiveKey;
            archiveKey = null;
            key = null;
            var message = $"DB cluster created by a point-in-time restore of {source.Identifier} to {Format(time)}";
            return await AddClusterAsync(cluster, volumeKey, message, token => CompletePointInTimeRestoreAsync(restoring, baseSnapshot, heldArchiveKey, volumeKey, token), cancellationToken);
        }
        finally
        {
            if (archiveKey is not null)
            {
                CryptographicOperations.ZeroMemory(archiveKey);
            }

            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void ValidatePointInTimeRequest(PointInTimeRestoreClusterRequest request)
    {
        if (request.SourceClusterIdentifier is null && request.SourceResourceId is null)
        {
            throw RdsErrors.InvalidParameterCombination("Either SourceDBClusterIdentifier or SourceDbClusterResourceId must be specified.");
        }

        if (request.SourceClusterIdentifier is not null && request.SourceResourceId is not null)
        {
            throw RdsErrors.InvalidParameterCombination("SourceDBClusterIdentifier and SourceDbClusterResourceId cannot both be specified.");
        }

        if (request.RestoreToTime is not null && request.UseLatestRestorableTime)
        {
            throw RdsErrors.InvalidParameterCombination("Cannot specify both RestoreToTime and UseLatestRestorableTime.");
        }

        if (request.RestoreToTime is null && !request.UseLatestRestorableTime)
        {
            throw RdsErrors.InvalidParameterCombination("Either RestoreToTime or UseLatestRestorableTime must be specified.");
        }

        if (request.RestoreType == "copy-on-write")
        {
            throw RdsErrors.InvalidParameterValue("RestoreType copy-on-write is not supported: Coffer clones are full copies. Use RestoreType full-copy.");
        }

        if (request.RestoreType is not (null or "full-copy"))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid value {request.RestoreType} for RestoreType. Valid values are full-copy and copy-on-write.");
        }

        if (request.BackupRetentionPeriod is < 1 or > 35)
        {
            throw RdsErrors.InvalidParameterValue($"Invalid backup retention period: {request.BackupRetentionPeriod}. It must be from 1 to 35 days.");
        }
    }

    /// <summary>The source of a point-in-time restore: a cluster of the caller's, or a retained backup by resource id.</summary>
    private BackupSource ResolveBackupSource(KmsCaller caller, PointInTimeRestoreClusterRequest request)
    {
        if (!BackupsEnabled)
        {
            throw RdsErrors.InvalidRestore("Automated backups are not configured on this server.");
        }

        DbCluster? cluster;
        if (request.SourceClusterIdentifier is { } identifier)
        {
            cluster = FindByIdentifierOrArn(caller, identifier) ?? throw RdsErrors.ClusterNotFound(identifier);
        }
        else
        {
            var resourceId = request.SourceResourceId!;
            cluster = _store.FindByResourceId(resourceId) is { } live && live.Account == caller.Account && live.Region == caller.Region ? live : null;
            if (cluster is null)
            {
                var retained = AutomatedBackups?.Find(resourceId);
                return retained is not null && retained.Account == caller.Account && retained.Region == caller.Region
                    ? new BackupSource(retained.ResourceId, retained.ClusterIdentifier, RetainedWindow(retained), retained.BackupRetentionPeriod)
                    : throw RdsErrors.AutomatedBackupNotFound(resourceId);
            }
        }

        if (cluster.Status is ClusterStatus.Creating or ClusterStatus.Deleting)
        {
            throw RdsErrors.InvalidClusterState($"DB cluster {cluster.Identifier} is {cluster.Status}; it cannot be the source of a point-in-time restore now.");
        }

        return new BackupSource(cluster.ResourceId, cluster.Identifier, RestorableWindowOf(cluster), cluster.BackupRetentionPeriod);
    }

    /// <summary>Builds the restored volume: the base image, then the log replayed to the restore time.</summary>
    private async Task CompletePointInTimeRestoreAsync(DbCluster cluster, DbClusterSnapshot baseSnapshot, byte[]? archiveKey, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        var source = cluster.RestoreSource!;
        var caller = new KmsCaller(cluster.Account, source.Principal, cluster.Region);
        var segmentKeys = new List<byte[]>();
        try
        {
            var directory = ClearRestoreDirectory(cluster);
            await EnsureSourceOpenAsync(source.SourceResourceId!, cancellationToken);
            Volume? volume = null;
            string? failure = null;
            var gate = LogGate(source.SourceResourceId!);
            await gate.WaitAsync(cancellationToken);
            try
            {
                await using var archive = await ArchiveStore.OpenReadAsync(baseSnapshot.ArchiveName, cancellationToken);
                var request = new PointInTimeRestoreRequest
                {
                    BaseArchive = archive,
                    BaseArchiveKey = archiveKey,
                    RestoreTime = source.RestoreTime!.Value,
                    Store = ArchiveStore,
                    SegmentPrefix = LogPrefix(cluster.Account, cluster.Region, source.SourceResourceId!),
                    SegmentKey = async (header, token) =>
                    {
                        var segmentKey = await OpenArchiveKeyAsync(caller, header, token);
                        if (segmentKey is not null)
                        {
                            segmentKeys.Add(segmentKey);
                        }

                        return segmentKey;
                    },
                    Directory = directory,
                    VolumeKey = key,
                    Time = _time,
                    Options = VolumeOptions(),
                };
                volume = await UseVolumeAsync(source.SourceResourceId!, (live, token) => ChangeLogArchives.RestoreToTimeAsync(request with { LiveSource = live }, token), cancellationToken)
                    ?? await ChangeLogArchives.RestoreToTimeAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is ChangeLogCorruptException or ArchiveCorruptException or ArchiveNotFoundException or VolumeException or IOException or SqliteException)
            {
                Log.RestoreFailed(_logger, cluster.ResourceId, e);
                failure = "its backups failed verification or could not be read";
            }
            catch (AwsServiceException e)
            {
                Log.RestoreFailed(_logger, cluster.ResourceId, e);
                failure = "the KMS key of its backups can no longer be used";
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                failure = "the source DB cluster's storage was closed while its log was read";
            }
            finally
            {
                gate.Release();
            }

            await FinishRestoreAsync(
                cluster,
                volume,
                $"The point-in-time restore of the DB cluster failed: {failure}. Delete the cluster.",
                $"DB cluster restored to {Format(source.RestoreTime!.Value)}",
                cancellationToken);
        }
        finally
        {
            foreach (var segmentKey in segmentKeys)
            {
                CryptographicOperations.ZeroMemory(segmentKey);
            }

            if (archiveKey is not null)
            {
                CryptographicOperations.ZeroMemory(archiveKey);
            }

            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }
        }
    }

    /// <summary>Resumes a point-in-time restore a restart interrupted, with the authority of the principal that asked for it.</summary>
    private async Task ResumePointInTimeRestoreAsync(DbCluster cluster, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        var source = cluster.RestoreSource!;
        var baseSnapshot = SnapshotRecords.FindById(source.SnapshotId);
        byte[]? archiveKey = null;
        var failure = baseSnapshot is null ? "its base snapshot no longer exists" : null;
        if (baseSnapshot is not null)
        {
            try
            {
                archiveKey = await OpenSnapshotKeyAsync(new KmsCaller(cluster.Account, source.Principal, cluster.Region), baseSnapshot, cancellationToken);
            }
            catch (AwsServiceException)
            {
                failure = "the KMS key of its backups can no longer be used";
            }
        }

        if (failure is not null)
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }

            await _store.UpdateAsync(cluster with { Status = ClusterStatus.IncompatibleRestore, RestoreSource = null }, cancellationToken);
            await EventAsync(cluster, "failure", $"The point-in-time restore of the DB cluster was interrupted by a restart and cannot resume: {failure}. Delete the cluster.", cancellationToken);
            return;
        }

        await CompletePointInTimeRestoreAsync(cluster, baseSnapshot!, archiveKey, key, cancellationToken);
    }

    /// <summary>
    /// Opens an available source's volume if it is not open yet (after a restart, a resumed restore may run before the
    /// start-up opens it): its open log segments hold the commits not yet sealed, which the restore must replay.
    /// </summary>
    private async Task EnsureSourceOpenAsync(string resourceId, CancellationToken cancellationToken)
    {
        if (_volumes.ContainsKey(resourceId) || _store.FindByResourceId(resourceId) is not { Status: ClusterStatus.Available or ClusterStatus.BackingUp })
        {
            return;
        }

        var gate = _locks.GetOrAdd(resourceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_store.FindByResourceId(resourceId) is { Status: ClusterStatus.Available or ClusterStatus.BackingUp } current)
            {
                await OpenVolumeAsync(current, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Unwraps an archive's data key from its header as <paramref name="caller"/> via RDS; <see langword="null"/> for an unencrypted archive.</summary>
    private async Task<byte[]?> OpenArchiveKeyAsync(KmsCaller caller, ArchiveHeader header, CancellationToken cancellationToken)
    {
        if (header.Cipher == "none" || header.KeyArn is not { } keyArn)
        {
            return null;
        }

        using var plaintext = await UseKeyAsync("Decrypt", caller.Via("rds"), keyArn, header.EncryptionContext, () => _keys.DecryptAsync(
            caller.Via("rds"), header.WrappedKeyBytes, EncryptionContext.Create(header.EncryptionContext), keyArn, null, false, cancellationToken));
        return plaintext.Plaintext.ReadOnlySpan.ToArray();
    }

    /// <summary>What a point-in-time restore reads: the source's resource id, its identifier, its window and its retention period.</summary>
    private sealed record BackupSource(string ResourceId, string Identifier, RestorableWindow? Window, int RetentionPeriod);
}
