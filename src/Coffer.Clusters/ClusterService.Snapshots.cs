using System.Security.Cryptography;
using System.Text;
using Coffer.Keys;
using Coffer.Keys.Crypto;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Archives;
using Coffer.Storage.Volumes;

namespace Coffer.Clusters;

/// <summary>
/// DB cluster snapshots: CreateDBClusterSnapshot, DescribeDBClusterSnapshots, DeleteDBClusterSnapshot,
/// RestoreDBClusterFromSnapshot and the final snapshot of DeleteDBCluster. A snapshot is an archive of a consistent view
/// of the cluster's volume, taken without stopping its writers, encrypted under a data key of its own generated under
/// the cluster's KMS key (through the cluster's grant, with the cluster's encryption context). Restoring reads the
/// archive with the caller's permission to use that key, via RDS, and writes a new volume under a new data key.
/// </summary>
public sealed partial class ClusterService
{
    /// <summary>Snapshot records (required for the snapshot operations).</summary>
    public SnapshotStore? Snapshots { get; init; }

    /// <summary>Where snapshot archives are kept (required for the snapshot operations).</summary>
    public IArchiveStore? SnapshotArchives { get; init; }

    /// <summary>A resource's current tags, when something other than its creation tags holds them.</summary>
    public Func<string, IReadOnlyDictionary<string, string>?>? CurrentTags { get; init; }

    /// <summary>Forgets the tags of a deleted resource (cluster or snapshot) kept apart from its record.</summary>
    public Func<string, CancellationToken, Task>? ForgetTags { get; init; }

    private SnapshotStore SnapshotRecords => Snapshots ?? throw new InvalidOperationException("ClusterService.Snapshots is not configured.");

    private IArchiveStore ArchiveStore => SnapshotArchives ?? throw new InvalidOperationException("ClusterService.SnapshotArchives is not configured.");

    /// <summary>
    /// CreateDBClusterSnapshot: of an available cluster, under the cluster's key (a snapshot has no key of its own to
    /// choose). The cluster is <c>backing-up</c> while the archive is written; the snapshot <c>creating</c>, with its
    /// PercentProgress, then <c>available</c>.
    /// </summary>
    public async Task<DbClusterSnapshot> CreateSnapshotAsync(KmsCaller caller, string? snapshotIdentifier, string? clusterIdentifier, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var identifier = ClusterIdentifiers.Normalize(snapshotIdentifier, "DBClusterSnapshotIdentifier");
        if (string.IsNullOrEmpty(clusterIdentifier))
        {
            throw RdsErrors.MissingParameter("DBClusterIdentifier");
        }

        using var hold = await LockAsync(clusterIdentifier, caller, cancellationToken);
        var cluster = hold.Cluster;
        if (cluster.Status != ClusterStatus.Available)
        {
            throw RdsErrors.InvalidClusterState($"Cannot create a snapshot of DB cluster {cluster.Identifier}: it is {cluster.Status}, and snapshots are taken of available clusters.");
        }

        var (snapshot, key) = await BeginSnapshotAsync(cluster, identifier, SnapshotStatus.Manual, tags, cancellationToken);
        await _store.UpdateAsync(cluster with { Status = ClusterStatus.BackingUp }, cancellationToken);
        Background(snapshot.SnapshotId, async token =>
        {
            await WriteSnapshotAsync(snapshot, key, token);
            Background(cluster.ResourceId, async t =>
            {
                if (_store.FindByResourceId(cluster.ResourceId) is { Status: ClusterStatus.BackingUp } current)
                {
                    await _store.UpdateAsync(current with { Status = ClusterStatus.Available }, t);
                }
            });
        });
        return snapshot;
    }

    /// <summary>
    /// DescribeDBClusterSnapshots. One snapshot by identifier or ARN (an ARN may name a snapshot another account shares
    /// with the caller), or the caller's snapshots — of one cluster, of one type — plus, with IncludeShared and
    /// IncludePublic (or SnapshotType shared/public), those other accounts share with it.
    /// </summary>
    public IReadOnlyList<DbClusterSnapshot> DescribeSnapshots(KmsCaller caller, string? clusterIdentifier, string? snapshotIdentifier, string? snapshotType, bool includeShared, bool includePublic, string? clusterResourceId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (snapshotType is not (null or SnapshotStatus.Manual or SnapshotStatus.Automated or "shared" or "public" or "awsbackup"))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid value {snapshotType} for SnapshotType. Valid values are automated, manual, shared, public and awsbackup.");
        }

        if (snapshotIdentifier is not null)
        {
            var found = FindVisibleSnapshot(caller, snapshotIdentifier) ?? throw RdsErrors.SnapshotNotFound(snapshotIdentifier);
            return [found];
        }

        IEnumerable<DbClusterSnapshot> own = SnapshotRecords.SnapshotsOf(caller.Account, caller.Region);
        var others = SnapshotRecords.All.Where(s => s.Account != caller.Account && s.Region == caller.Region && s.Status == SnapshotStatus.Available).ToList();
        var shared = others.Where(s => s.SharedWith.Contains(caller.Account.Value, StringComparer.Ordinal));
        var published = others.Where(s => s.SharedWith.Contains("all", StringComparer.Ordinal));
        IEnumerable<DbClusterSnapshot> result = snapshotType switch
        {
            SnapshotStatus.Manual or SnapshotStatus.Automated => own.Where(s => s.SnapshotType == snapshotType),
            "shared" => shared,
            "public" => published,
            "awsbackup" => [],
            _ => own.Concat(includeShared ? shared : []).Concat(includePublic ? published : []).Distinct(),
        };

        if (clusterIdentifier is not null)
        {
            var name = Arn.TryParse(clusterIdentifier, out var arn) && arn.Resource.StartsWith("cluster:", StringComparison.Ordinal) ? arn.Resource[8..] : clusterIdentifier.ToLowerInvariant();
            result = result.Where(s => string.Equals(s.ClusterIdentifier, name, StringComparison.Ordinal));
        }

        if (clusterResourceId is not null)
        {
            result = result.Where(s => string.Equals(s.ClusterResourceId, clusterResourceId, StringComparison.Ordinal));
        }

        return [.. result.OrderBy(s => s.Arn, StringComparer.Ordinal)];
    }

    /// <summary>
    /// DeleteDBClusterSnapshot: one of the caller's available snapshots that no restore or copy is reading, or a copy still
    /// copying (which cancels it). The record goes first, then the archive (a crash in between leaves an orphan the next start removes, never a record without data).
    /// </summary>
    public async Task<DbClusterSnapshot> DeleteSnapshotAsync(KmsCaller caller, string? snapshotIdentifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(snapshotIdentifier))
        {
            throw RdsErrors.MissingParameter("DBClusterSnapshotIdentifier");
        }

        var snapshot = FindVisibleSnapshot(caller, snapshotIdentifier);
        if (snapshot is null || snapshot.Account != caller.Account)
        {
            throw RdsErrors.SnapshotNotFound(snapshotIdentifier);
        }

        var gate = _locks.GetOrAdd(snapshot.SnapshotId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            snapshot = SnapshotRecords.FindById(snapshot.SnapshotId) ?? throw RdsErrors.SnapshotNotFound(snapshotIdentifier);
            if (snapshot.SnapshotType == SnapshotStatus.Automated)
            {
                throw RdsErrors.InvalidSnapshotState("Only manual snapshots may be deleted.");
            }

            if (snapshot.Status == SnapshotStatus.Copying)
            {
                await CancelCopyAsync(snapshot);
                return snapshot;
            }

            if (snapshot.Status != SnapshotStatus.Available)
            {
                throw RdsErrors.InvalidSnapshotState($"Cannot delete the snapshot {snapshot.Identifier} while it is {snapshot.Status}.");
            }

            if (SnapshotReaders(snapshot.SnapshotId) is { } reader)
            {
                throw RdsErrors.InvalidSnapshotState($"Cannot delete the snapshot {snapshot.Identifier}: {reader} is reading it.");
            }

            await SnapshotRecords.RemoveAsync(snapshot.SnapshotId, cancellationToken);
            await ArchiveStore.DeleteAsync(snapshot.ArchiveName, CancellationToken.None);
            await ForgetTagsAsync(snapshot.SnapshotId);
            await SnapshotEventAsync(snapshot, "deletion", "Manual cluster snapshot deleted", CancellationToken.None);
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// RestoreDBClusterFromSnapshot: a new cluster with the snapshot's data and master user. With KmsKeyId it is encrypted
    /// under that key (so an unencrypted snapshot becomes an encrypted cluster, and a key is changed); without, it keeps the
    /// snapshot's key — for a snapshot shared from another account, that account's key. The caller must be allowed to use
    /// the snapshot's key (checked now: KMSKeyNotAccessibleFault) and the new one.
    /// </summary>
    public async Task<DbCluster> RestoreFromSnapshotAsync(KmsCaller caller, RestoreClusterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var identifier = ClusterIdentifiers.Normalize(request.Identifier, "DBClusterIdentifier");
        if (string.IsNullOrEmpty(request.SnapshotIdentifier))
        {
            throw RdsErrors.MissingParameter("SnapshotIdentifier");
        }

        var snapshot = FindVisibleSnapshot(caller, request.SnapshotIdentifier) ?? throw RdsErrors.SnapshotNotFound(request.SnapshotIdentifier);
        if (!string.Equals(request.Engine, ClusterEngine.Name, StringComparison.Ordinal))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid DB engine: {request.Engine}. The snapshot is of a {ClusterEngine.Name} cluster: use Engine {ClusterEngine.Name}.");
        }

        if (request.EngineVersion is not null && request.EngineVersion != snapshot.EngineVersion)
        {
            throw RdsErrors.InvalidParameterValue($"Cannot restore a snapshot of engine version {snapshot.EngineVersion} as version {request.EngineVersion}.");
        }

        if (request.BackupRetentionPeriod is < 1 or > 35)
        {
            throw RdsErrors.InvalidParameterValue($"Invalid backup retention period: {request.BackupRetentionPeriod}. It must be from 1 to 35 days.");
        }

        if (snapshot.Status != SnapshotStatus.Available)
        {
            throw RdsErrors.InvalidSnapshotState($"The snapshot {snapshot.Identifier} is {snapshot.Status}; only available snapshots can be restored.");
        }

        CheckRoomForCluster(caller, identifier);

        var archiveKey = await OpenSnapshotKeyAsync(caller, snapshot, cancellationToken);
        VolumeKeyMaterial? key = null;
        try
        {
            var cluster = RestoredCluster(
                caller, identifier, snapshot, request.BackupRetentionPeriod ?? snapshot.BackupRetentionPeriod, request.DeletionProtection, request.EnableHttpEndpoint, request.CopyTagsToSnapshot, request.Tags,
                new ClusterRestoreSource { SnapshotId = snapshot.SnapshotId, Principal = caller.PrincipalArn });
            if ((request.KmsKeyId ?? snapshot.KmsKeyArn) is { } keyId)
            {
                (cluster, key) = await ProvisionKeyAsync(caller, cluster, keyId, cancellationToken);
            }

            var restoring = cluster;
            var volumeKey = key;
            var heldArchiveKey = archiveKey;
            archiveKey = null;
            key = null;
            return await AddClusterAsync(cluster, volumeKey, $"DB cluster created from snapshot {snapshot.Arn}", token => CompleteRestoreAsync(restoring, snapshot, heldArchiveKey, volumeKey, token), cancellationToken);
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

    /// <summary>
    /// Starts a snapshot of <paramref name="cluster"/>: checks the identifier and quota, generates the archive's data key
    /// under the cluster's key through its grant (KMSKeyNotAccessibleFault when that fails) and records the snapshot as
    /// <c>creating</c>. The caller writes the archive with the key returned, then zeroes it.
    /// </summary>
    private async Task<(DbClusterSnapshot Snapshot, VolumeKeyMaterial? Key)> BeginSnapshotAsync(DbCluster cluster, string identifier, string type, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        if (type == SnapshotStatus.Manual && SnapshotRecords.SnapshotsOf(cluster.Account, cluster.Region).Count(s => s.SnapshotType == SnapshotStatus.Manual) >= _options.MaxManualSnapshotsPerAccount)
        {
            throw RdsErrors.SnapshotQuotaExceeded(_options.MaxManualSnapshotsPerAccount);
        }

        if (SnapshotRecords.Find(cluster.Account, cluster.Region, identifier) is not null)
        {
            throw RdsErrors.SnapshotAlreadyExists(identifier);
        }

        var snapshotId = NewId("snapshot-");
        var key = await SnapshotKeyAsync(cluster, cancellationToken);
        try
        {
            var password = OpenSealed(cluster.MasterPasswordSealed, cluster.ResourceId);
            var snapshot = new DbClusterSnapshot
            {
                Identifier = identifier,
                Account = cluster.Account,
                Region = cluster.Region,
                SnapshotId = snapshotId,
                ClusterIdentifier = cluster.Identifier,
                ClusterResourceId = cluster.ResourceId,
                ClusterCreateTime = cluster.CreateTime,
                Status = SnapshotStatus.Creating,
                SnapshotType = type,
                StorageEncrypted = cluster.StorageEncrypted,
                KmsKeyArn = cluster.KmsKeyArn,
                EngineVersion = cluster.EngineVersion,
                MasterUsername = cluster.MasterUsername,
                MasterPasswordSealed = Convert.ToBase64String(SecretBox.Seal(_passwordKey, password, Encoding.UTF8.GetBytes(snapshotId))),
                DatabaseName = cluster.DatabaseName,
                BackupRetentionPeriod = cluster.BackupRetentionPeriod,
                SnapshotCreateTime = _time.GetUtcNow(),
                Tags = SnapshotTags(cluster, tags),
            };
            CryptographicOperations.ZeroMemory(password);
            if (!await SnapshotRecords.TryAddAsync(snapshot, cancellationToken))
            {
                throw RdsErrors.SnapshotAlreadyExists(identifier);
            }

            await SnapshotEventAsync(snapshot, "creation", type == SnapshotStatus.Manual ? "Creating manual cluster snapshot" : "Creating automated cluster snapshot", cancellationToken);
            return (snapshot, key);
        }
        catch
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }

            throw;
        }
    }

    /// <summary>
    /// Writes a <c>creating</c> snapshot's archive from the cluster's open volume, reporting progress, and makes it
    /// available; on failure (the volume closed because the key went away, the archive could not be written) the
    /// snapshot is removed and the failure recorded as an event. Zeroes <paramref name="key"/>. Returns whether it succeeded.
    /// </summary>
    private async Task<bool> WriteSnapshotAsync(DbClusterSnapshot snapshot, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        string? failure = null;
        try
        {
            var manifest = await UseVolumeAsync(snapshot.ClusterResourceId, (volume, token) => WriteArchiveAsync(volume, snapshot, key, token), cancellationToken);
            if (manifest is not null)
            {
                var done = (SnapshotRecords.FindById(snapshot.SnapshotId) ?? snapshot) with { Status = SnapshotStatus.Available, PercentProgress = 100, SizeBytes = manifest.TotalSize, LogCommitTime = manifest.LogCommitTime };
                await SnapshotRecords.UpdateAsync(done, CancellationToken.None);
                await SnapshotEventAsync(done, "creation", done.SnapshotType == SnapshotStatus.Manual ? "Manual cluster snapshot created" : "Automated cluster snapshot created", CancellationToken.None);
                return true;
            }

            failure = "the DB cluster's storage is not open";
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            failure = "the DB cluster's storage was closed (its KMS key became unusable, or it was stopped)";
        }
        catch (Exception e) when (e is IOException or ArchiveCorruptException or VolumeException or Microsoft.Data.Sqlite.SqliteException)
        {
            Log.SnapshotFailed(_logger, snapshot.SnapshotId, e);
            failure = "its archive could not be written";
        }
        finally
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }
        }

        await RemoveSnapshotAsync(snapshot, $"Cluster snapshot {snapshot.Identifier} failed and was removed: {failure}.");
        return false;
    }

    private async Task<ArchiveManifest> WriteArchiveAsync(Volume volume, DbClusterSnapshot snapshot, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        var estimate = Math.Max(1L, FileLength(volume.DatabasePath) + FileLength(volume.DatabasePath + "-wal"));
        var reported = 0;
        await using var upload = await ArchiveStore.CreateAsync(snapshot.ArchiveName, cancellationToken);
        await using var progress = new ProgressStream(upload.Stream, async written =>
        {
            var percent = (int)Math.Min(99, written * 100 / estimate);
            if (percent >= reported + 10 && SnapshotRecords.FindById(snapshot.SnapshotId) is { Status: SnapshotStatus.Creating } current)
            {
                reported = percent;
                await SnapshotRecords.UpdateAsync(current with { PercentProgress = percent }, CancellationToken.None);
            }
        });
        var manifest = await VolumeArchives.WriteSnapshotAsync(volume, progress, key, _time, cancellationToken);
        await progress.FlushAsync(cancellationToken);
        await upload.CommitAsync(cancellationToken);
        return manifest;
    }

    /// <summary>Lays out a restored cluster's volume from the snapshot's archive; a failure leaves it <c>incompatible-restore</c>.</summary>
    private async Task CompleteRestoreAsync(DbCluster cluster, DbClusterSnapshot snapshot, byte[]? archiveKey, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        try
        {
            var directory = ClearRestoreDirectory(cluster);
            Volume? volume = null;
            try
            {
                await using var archive = await ArchiveStore.OpenReadAsync(snapshot.ArchiveName, cancellationToken);
                volume = await VolumeArchives.RestoreAsync(archive, archiveKey, directory, key, _time, cancellationToken, VolumeOptions());
            }
            catch (Exception e) when (e is ArchiveCorruptException or ArchiveNotFoundException or VolumeException or IOException)
            {
                Log.RestoreFailed(_logger, cluster.ResourceId, e);
            }

            await FinishRestoreAsync(
                cluster,
                volume,
                $"The DB cluster could not be restored from snapshot {snapshot.Arn}: its archive failed verification or could not be read. Delete the cluster.",
                $"DB cluster restored from snapshot {snapshot.Arn}",
                cancellationToken);
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

    /// <summary>Where a restored cluster's volume goes: emptied of anything an interrupted attempt left, its parent created.</summary>
    private string ClearRestoreDirectory(DbCluster cluster)
    {
        var directory = VolumeDirectory(cluster);
        if (Directory.Exists(directory))
        {
            Volume.Delete(directory);
        }

        PrivateFiles.CreateDirectory(_options.Directory);
        return directory;
    }

    /// <summary>
    /// Ends a restore: with its volume the cluster is available (the <paramref name="restored"/> event); without, it is
    /// <c>incompatible-restore</c> (the <paramref name="failed"/> event) and can only be deleted.
    /// </summary>
    private async Task FinishRestoreAsync(DbCluster cluster, Volume? volume, string failed, string restored, CancellationToken cancellationToken)
    {
        if (volume is null)
        {
            await _store.UpdateAsync(cluster with { Status = ClusterStatus.IncompatibleRestore, RestoreSource = null }, CancellationToken.None);
            await EventAsync(cluster, "failure", failed, CancellationToken.None);
            return;
        }

        _volumes[cluster.ResourceId] = volume;
        var current = _store.FindByResourceId(cluster.ResourceId) ?? cluster;
        await _store.UpdateAsync(current with { Status = ClusterStatus.Available, RestoreSource = null }, cancellationToken);
        await EventAsync(cluster, "creation", restored, cancellationToken);
    }

    /// <summary>Resumes a restore a restart interrupted, with the authority of the principal that asked for it.</summary>
    private async Task ResumeRestoreAsync(DbCluster cluster, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        var source = cluster.RestoreSource!;
        var snapshot = SnapshotRecords.FindById(source.SnapshotId);
        byte[]? archiveKey = null;
        string? failure = snapshot is null ? "the snapshot no longer exists" : null;
        if (snapshot is not null)
        {
            try
            {
                archiveKey = await OpenSnapshotKeyAsync(new KmsCaller(cluster.Account, source.Principal, cluster.Region), snapshot, cancellationToken);
            }
            catch (AwsServiceException)
            {
                failure = "the snapshot's KMS key can no longer be used";
            }
        }

        if (failure is not null)
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }

            await _store.UpdateAsync(cluster with { Status = ClusterStatus.IncompatibleRestore, RestoreSource = null }, cancellationToken);
            await EventAsync(cluster, "failure", $"The restore of the DB cluster was interrupted by a restart and cannot resume: {failure}. Delete the cluster.", cancellationToken);
            return;
        }

        await CompleteRestoreAsync(cluster, snapshot!, archiveKey, key, cancellationToken);
    }

    /// <summary>Takes a deleting cluster's final snapshot (opening its volume if it was stopped), then deletes the cluster.</summary>
    private async Task FinalSnapshotThenDeleteAsync(DbCluster cluster, DbClusterSnapshot snapshot, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        if (!_volumes.ContainsKey(cluster.ResourceId))
        {
            await OpenVolumeAsync(cluster, cancellationToken);
        }

        if (snapshot.Status == SnapshotStatus.Available || await WriteSnapshotAsync(snapshot, key, cancellationToken))
        {
            await CompleteDeleteAsync(cluster, cancellationToken);
            return;
        }

        // The final snapshot failed: the cluster is not deleted without it.
        if (_store.FindByResourceId(cluster.ResourceId) is { Status: ClusterStatus.Deleting } current)
        {
            var status = _volumes.ContainsKey(cluster.ResourceId) ? ClusterStatus.Available : ClusterStatus.Stopped;
            await _store.UpdateAsync(current with { Status = status, FinalSnapshotId = null }, cancellationToken);
            await EventAsync(current, "failure", "The final snapshot could not be taken, so the DB cluster was not deleted.", cancellationToken);
        }
    }

    /// <summary>Brings snapshots to a consistent state after a restart: an interrupted snapshot is removed and reported (a final snapshot is taken again by its deletion); archives without a record are removed.</summary>
    private async Task RecoverSnapshotsAsync(CancellationToken cancellationToken)
    {
        if (Snapshots is null || SnapshotArchives is null)
        {
            return;
        }

        var finals = _store.All.Where(c => c.FinalSnapshotId is not null).Select(c => c.FinalSnapshotId!).ToHashSet(StringComparer.Ordinal);
        foreach (var snapshot in Snapshots.All.Where(s => s.Status != SnapshotStatus.Available && !finals.Contains(s.SnapshotId)).ToList())
        {
            await RemoveSnapshotAsync(snapshot, snapshot.Status == SnapshotStatus.Copying
                ? $"Copy of cluster snapshot {snapshot.SourceSnapshotArn} to {snapshot.Identifier} was interrupted by a restart and was rolled back."
                : $"Cluster snapshot {snapshot.Identifier} was interrupted by a restart before it completed and was removed.");
        }

        var known = Snapshots.All.Select(s => s.ArchiveName).ToHashSet(StringComparer.Ordinal);
        var orphans = new List<string>();
        await foreach (var entry in SnapshotArchives.ListAsync(string.Empty, cancellationToken))
        {
            if (entry.Name.EndsWith(".archive", StringComparison.Ordinal) && !known.Contains(entry.Name))
            {
                orphans.Add(entry.Name);
            }
        }

        foreach (var name in orphans)
        {
            await SnapshotArchives.DeleteAsync(name, cancellationToken);
        }
    }

    private async Task RemoveSnapshotAsync(DbClusterSnapshot snapshot, string message)
    {
        await SnapshotRecords.RemoveAsync(snapshot.SnapshotId, CancellationToken.None);
        await ArchiveStore.DeleteAsync(snapshot.ArchiveName, CancellationToken.None);
        await SnapshotEventAsync(snapshot, "failure", message, CancellationToken.None);
    }

    /// <summary>A new data key for a snapshot of <paramref name="cluster"/>, through its grant; none for an unencrypted cluster.</summary>
    private async Task<VolumeKeyMaterial?> SnapshotKeyAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        if (!cluster.StorageEncrypted)
        {
            return null;
        }

        try
        {
            using var dataKey = await UseKeyAsync("GenerateDataKey", ServiceCaller(cluster), cluster.KmsKeyArn!, ContextMap(cluster), () => _keys.GenerateDataKeyAsync(ServiceCaller(cluster), cluster.KmsKeyArn, 32, null, Context(cluster), null, withPlaintext: true, dryRun: false, cancellationToken));
            return new VolumeKeyMaterial(dataKey.Plaintext!.ReadOnlySpan.ToArray(), dataKey.CiphertextBlob, dataKey.KeyArn, ContextMap(cluster));
        }
        catch (AwsServiceException e) when (e.Code != KmsErrors.Codes.Internal)
        {
            throw RdsErrors.KeyNotAccessible(cluster.KmsKeyArn!);
        }
    }

    /// <summary>
    /// Unwraps an encrypted snapshot's archive key as <paramref name="caller"/> via RDS (the key's policy and grants decide;
    /// a snapshot under another account's AWS managed key is refused here); <see langword="null"/> for an unencrypted one.
    /// </summary>
    private async Task<byte[]?> OpenSnapshotKeyAsync(KmsCaller caller, DbClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!snapshot.StorageEncrypted)
        {
            return null;
        }

        ArchiveHeader header;
        await using (var stream = await ArchiveStore.OpenReadAsync(snapshot.ArchiveName, cancellationToken))
        {
            using var reader = await ArchiveReader.OpenAsync(stream, cancellationToken);
            header = reader.Header;
        }

        try
        {
            using var plaintext = await UseKeyAsync("Decrypt", caller.Via("rds"), snapshot.KmsKeyArn!, header.EncryptionContext, () => _keys.DecryptAsync(
                caller.Via("rds"), header.WrappedKeyBytes, EncryptionContext.Create(header.EncryptionContext), snapshot.KmsKeyArn, null, false, cancellationToken));
            return plaintext.Plaintext.ReadOnlySpan.ToArray();
        }
        catch (AwsServiceException e) when (e.Code != KmsErrors.Codes.Internal)
        {
            throw RdsErrors.KeyNotAccessible(snapshot.KmsKeyArn!);
        }
    }

    private byte[] OpenSnapshotPassword(DbClusterSnapshot snapshot) => OpenSealed(snapshot.MasterPasswordSealed, snapshot.SnapshotId);

    /// <summary>
    /// The record of a cluster being restored from <paramref name="snapshot"/> (from a snapshot, or as the base of a
    /// point-in-time restore): a new resource id, the snapshot's engine version, master user (its password resealed
    /// for the new resource id) and database name, and the settings the restore request gives. Unencrypted until its
    /// key is provisioned.
    /// </summary>
    private DbCluster RestoredCluster(
        KmsCaller caller, string identifier, DbClusterSnapshot snapshot, int backupRetentionPeriod, bool deletionProtection, bool httpEndpointEnabled,
        bool copyTagsToSnapshot, IReadOnlyDictionary<string, string> tags, ClusterRestoreSource restoreSource)
    {
        var resourceId = NewResourceId();
        var password = OpenSnapshotPassword(snapshot);
        try
        {
            return new DbCluster
            {
                Identifier = identifier,
                Account = caller.Account,
                Region = caller.Region,
                ResourceId = resourceId,
                Status = ClusterStatus.Creating,
                EngineVersion = snapshot.EngineVersion,
                MasterUsername = snapshot.MasterUsername,
                MasterPasswordSealed = Convert.ToBase64String(SecretBox.Seal(_passwordKey, password, Encoding.UTF8.GetBytes(resourceId))),
                StorageEncrypted = false,
                BackupRetentionPeriod = backupRetentionPeriod,
                DeletionProtection = deletionProtection,
                HttpEndpointEnabled = httpEndpointEnabled,
                CopyTagsToSnapshot = copyTagsToSnapshot,
                DatabaseName = snapshot.DatabaseName,
                Tags = tags,
                CreateTime = _time.GetUtcNow(),
                RestoreSource = restoreSource,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    /// <summary>Opens a master password sealed for <paramref name="owner"/> (a cluster's resource id or a snapshot's id).</summary>
    private byte[] OpenSealed(string sealedPassword, string owner) =>
        SecretBox.TryOpen(_passwordKey, Convert.FromBase64String(sealedPassword), Encoding.UTF8.GetBytes(owner), out var password)
            ? password
            : throw new CryptographicException($"The sealed master password of {owner} does not open under this server's root key.");

    /// <summary>A snapshot by identifier (the caller's) or ARN (the caller's, or one shared with the caller), or <see langword="null"/>.</summary>
    private DbClusterSnapshot? FindVisibleSnapshot(KmsCaller caller, string identifier)
    {
        if (Arn.TryParse(identifier, out var arn))
        {
            if (arn.Service != "rds" || !arn.Resource.StartsWith("cluster-snapshot:", StringComparison.Ordinal) || arn.Region != caller.Region || !AccountId.TryParse(arn.Account, out var owner))
            {
                return null;
            }

            var found = SnapshotRecords.Find(owner, arn.Region, arn.Resource["cluster-snapshot:".Length..]);
            return found is not null && found.IsVisibleTo(caller.Account) && (found.Account == caller.Account || found.Status == SnapshotStatus.Available) ? found : null;
        }

        return SnapshotRecords.Find(caller.Account, caller.Region, identifier.ToLowerInvariant());
    }

    /// <summary>What is reading a snapshot now (a restore or a copy in progress), or <see langword="null"/>.</summary>
    private string? SnapshotReaders(string snapshotId)
    {
        if (_store.All.FirstOrDefault(c => c.RestoreSource?.SnapshotId == snapshotId) is { } restoring)
        {
            return $"the restore of DB cluster {restoring.Identifier}";
        }

        return SnapshotRecords.All.FirstOrDefault(s => s.CopyingFromSnapshotId == snapshotId) is { } copy ? $"the copy {copy.Identifier}" : null;
    }

    private IReadOnlyDictionary<string, string> SnapshotTags(DbCluster cluster, IReadOnlyDictionary<string, string> tags)
    {
        if (!cluster.CopyTagsToSnapshot)
        {
            return tags;
        }

        var merged = new Dictionary<string, string>(CurrentTags?.Invoke(cluster.ResourceId) ?? cluster.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Records an event about a snapshot for DescribeEvents; a failure to record is logged, never fails the work.</summary>
    private async Task SnapshotEventAsync(DbClusterSnapshot snapshot, string category, string message, CancellationToken cancellationToken)
    {
        if (Events is null)
        {
            return;
        }

        try
        {
            await Events.RecordAsync(snapshot, category, message, cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            Log.EventNotRecorded(_logger, snapshot.SnapshotId, e);
        }
    }

    private async Task ForgetTagsAsync(string resourceId)
    {
        if (ForgetTags is not null)
        {
            await ForgetTags(resourceId, CancellationToken.None);
        }
    }

    private static long FileLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
