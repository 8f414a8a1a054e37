using System.Collections.Concurrent;
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
/// CopyDBClusterSnapshot: a new manual snapshot in the caller's account and region with the source's data, every record
/// of its archive re-encrypted under a fresh data key — under the source's key, or under KmsKeyId (the way to change a
/// cluster's key: snapshot, copy with a new key, restore). A snapshot shared from another account, or one in another
/// region, is named by its ARN; an encrypted one then needs a KmsKeyId of the caller's. Coffer serves every region in
/// one process, so a cross-region copy's "authenticated, encrypted channel" is in-process: the source archive is read
/// under its own key (unwrapped by the caller via RDS in the source's region) and written under the destination key;
/// its plaintext exists only in memory, one record at a time.
/// </summary>
public sealed partial class ClusterService
{
    /// <summary>The message AWS gives for an encrypted cross-region copy without a destination key.</summary>
    public const string CrossRegionKeyRequiredMessage = "Must specify new KMS key for cross region encrypted snapshot copy.";

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _copies = new(StringComparer.Ordinal);

    /// <summary>
    /// CopyDBClusterSnapshot. The keys are checked before the call returns (KMSKeyNotAccessibleFault: the source's, which the
    /// caller must be allowed to use via RDS, then the destination's); the copy is <c>copying</c> with its PercentProgress
    /// while the archive is re-encrypted, then <c>available</c>. The source cannot be deleted meanwhile; deleting the copy
    /// cancels it.
    /// </summary>
    public async Task<DbClusterSnapshot> CopySnapshotAsync(KmsCaller caller, CopySnapshotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.SourceIdentifier))
        {
            throw RdsErrors.MissingParameter("SourceDBClusterSnapshotIdentifier");
        }

        var identifier = ClusterIdentifiers.Normalize(request.TargetIdentifier, "TargetDBClusterSnapshotIdentifier");
        var source = FindCopySource(caller, request.SourceIdentifier) ?? throw RdsErrors.SnapshotNotFound(request.SourceIdentifier);
        CheckCopyRules(caller, source, request);

        var gate = _locks.GetOrAdd(source.SnapshotId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        byte[]? sourceKey = null;
        VolumeKeyMaterial? key = null;
        try
        {
            source = SnapshotRecords.FindById(source.SnapshotId) ?? throw RdsErrors.SnapshotNotFound(request.SourceIdentifier);
            if (source.Status != SnapshotStatus.Available)
            {
                throw RdsErrors.InvalidSnapshotState($"Cannot copy the snapshot {source.Identifier} while it is {source.Status}; only available snapshots can be copied.");
            }

            if (SnapshotRecords.SnapshotsOf(caller.Account, caller.Region).Count(s => s.SnapshotType == SnapshotStatus.Manual) >= _options.MaxManualSnapshotsPerAccount)
            {
                throw RdsErrors.SnapshotQuotaExceeded(_options.MaxManualSnapshotsPerAccount);
            }

            if (SnapshotRecords.Find(caller.Account, caller.Region, identifier) is not null)
            {
                throw RdsErrors.SnapshotAlreadyExists(identifier);
            }

            // The source's archive key, unwrapped as the caller via RDS in the source's region: the source key's policy
            // decides (another account's AWS managed key never allows it).
            sourceKey = await OpenSnapshotKeyAsync(caller with { Region = source.Region }, source, cancellationToken);
            if (source.StorageEncrypted)
            {
                key = await CopyKeyAsync(caller, request.KmsKeyId ?? source.KmsKeyArn!, source.ClusterResourceId, cancellationToken);
            }

            var copy = await AddCopyAsync(caller, source, identifier, key?.KeyArn, request, cancellationToken);
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            _copies[copy.SnapshotId] = cancel;
            var (heldSource, heldKey) = (sourceKey, key);
            (sourceKey, key) = (null, null);
            var copied = source;
            Background("copy:" + copy.SnapshotId, _ => CompleteCopyAsync(copy, copied, heldSource, heldKey, cancel.Token));
            return copy;
        }
        finally
        {
            gate.Release();
            if (sourceKey is not null)
            {
                CryptographicOperations.ZeroMemory(sourceKey);
            }

            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }
        }
    }

    /// <summary>
    /// The encryption rules of a copy: KmsKeyId needs an encrypted source; an encrypted source from another region or
    /// another account needs a KmsKeyId; a PreSignedUrl given must name this copy.
    /// </summary>
    private static void CheckCopyRules(KmsCaller caller, DbClusterSnapshot source, CopySnapshotRequest request)
    {
        if (request.PreSignedUrl is not null && !PreSignedUrlNamesCopy(request.PreSignedUrl, caller.Region))
        {
            throw RdsErrors.InvalidParameterValue("PreSignedUrl could not be authenticated.");
        }

        if (request.KmsKeyId is not null && !source.StorageEncrypted)
        {
            throw RdsErrors.InvalidParameterCombination(
                $"The snapshot {source.Identifier} is not encrypted, so KmsKeyId cannot be given: a copy of an unencrypted snapshot is unencrypted. To encrypt the data, restore the snapshot with a KmsKeyId.");
        }

        if (request.KmsKeyId is null && source.StorageEncrypted && source.Region != caller.Region)
        {
            throw RdsErrors.InvalidParameterValue(CrossRegionKeyRequiredMessage);
        }

        if (request.KmsKeyId is null && source.StorageEncrypted && source.Account != caller.Account)
        {
            throw RdsErrors.InvalidParameterValue(
                $"The snapshot {source.Arn} is encrypted and shared from another account: specify a KmsKeyId of yours to encrypt the copy with.");
        }
    }

    /// <summary>
    /// Whether a pre-signed URL is a URL whose query names CopyDBClusterSnapshot with this region as DestinationRegion.
    /// Its signature is not checked: AWS ignores the URL outside GovCloud, and Coffer reads the source in-process.
    /// </summary>
    private static bool PreSignedUrlNamesCopy(string url, string region)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToLookup(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal);
        return query["Action"].SequenceEqual(["CopyDBClusterSnapshot"], StringComparer.Ordinal)
            && query["DestinationRegion"].SequenceEqual([region], StringComparer.Ordinal);
    }

    /// <summary>A copy's source: an identifier of the caller's in its region, or an ARN the caller may see (any region).</summary>
    private DbClusterSnapshot? FindCopySource(KmsCaller caller, string identifier)
    {
        if (!Arn.TryParse(identifier, out var arn))
        {
            return SnapshotRecords.Find(caller.Account, caller.Region, identifier.ToLowerInvariant());
        }

        if (arn.Service != "rds" || !arn.Resource.StartsWith("cluster-snapshot:", StringComparison.Ordinal) || !AccountId.TryParse(arn.Account, out var owner))
        {
            return null;
        }

        var found = SnapshotRecords.Find(owner, arn.Region, arn.Resource["cluster-snapshot:".Length..]);
        return found is not null && found.IsVisibleTo(caller.Account) && (found.Account == caller.Account || found.Status == SnapshotStatus.Available) ? found : null;
    }

    /// <summary>
    /// A fresh data key for a copy under <paramref name="keyId"/>, generated by the caller via RDS (a copy has no cluster
    /// and so no grant), with the source cluster's encryption context.
    /// </summary>
    private async Task<VolumeKeyMaterial> CopyKeyAsync(KmsCaller caller, string keyId, string clusterResourceId, CancellationToken cancellationToken)
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal) { [ContextKey] = clusterResourceId };
        var via = caller.Via("rds");
        try
        {
            using var dataKey = await UseKeyAsync("GenerateDataKey", via, keyId, context, () => _keys.GenerateDataKeyAsync(
                via, keyId, 32, null, EncryptionContext.Create(context), null, withPlaintext: true, dryRun: false, cancellationToken));
            return new VolumeKeyMaterial(dataKey.Plaintext!.ReadOnlySpan.ToArray(), dataKey.CiphertextBlob, dataKey.KeyArn, context);
        }
        catch (AwsServiceException e) when (e.Code != KmsErrors.Codes.Internal)
        {
            throw RdsErrors.KeyNotAccessible(keyId);
        }
    }

    /// <summary>Records the copy as <c>copying</c> (the source cannot be deleted while a record names it as its source).</summary>
    private async Task<DbClusterSnapshot> AddCopyAsync(KmsCaller caller, DbClusterSnapshot source, string identifier, string? keyArn, CopySnapshotRequest request, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.CopyTags)
        {
            foreach (var (name, value) in CurrentTags?.Invoke(source.SnapshotId) ?? source.Tags)
            {
                tags[name] = value;
            }
        }

        foreach (var (name, value) in request.Tags)
        {
            tags[name] = value;
        }

        var snapshotId = NewId("snapshot-");
        var password = OpenSnapshotPassword(source);
        var copy = source with
        {
            Identifier = identifier,
            Account = caller.Account,
            Region = caller.Region,
            SnapshotId = snapshotId,
            Status = SnapshotStatus.Copying,
            SnapshotType = SnapshotStatus.Manual,
            PercentProgress = 0,
            KmsKeyArn = keyArn,
            MasterPasswordSealed = Convert.ToBase64String(SecretBox.Seal(_passwordKey, password, Encoding.UTF8.GetBytes(snapshotId))),
            SourceSnapshotArn = source.Arn,
            CopyingFromSnapshotId = source.SnapshotId,
            SharedWith = [],
            Tags = tags,
        };
        CryptographicOperations.ZeroMemory(password);
        if (!await SnapshotRecords.TryAddAsync(copy, cancellationToken))
        {
            throw RdsErrors.SnapshotAlreadyExists(identifier);
        }

        await SnapshotEventAsync(copy, "creation", $"Started copy of cluster snapshot {source.Arn}", cancellationToken);
        return copy;
    }

    /// <summary>
    /// Re-encrypts the source's archive into the copy's, reporting progress, and makes the copy available. Cancelled by
    /// the copy's deletion (which removed its record); a failure removes the copy and is reported as an event; a restart
    /// leaves it <c>copying</c>, which the next start rolls back. Zeroes both keys.
    /// </summary>
    private async Task CompleteCopyAsync(DbClusterSnapshot copy, DbClusterSnapshot source, byte[]? sourceKey, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        string failure;
        try
        {
            var manifest = await ReEncryptArchiveAsync(copy, source, sourceKey, key, cancellationToken);
            await WithSnapshotGateAsync(copy.SnapshotId, async () =>
            {
                if (SnapshotRecords.FindById(copy.SnapshotId) is not { Status: SnapshotStatus.Copying } current)
                {
                    // Deleted (cancelled) after the archive was committed.
                    await ArchiveStore.DeleteAsync(copy.ArchiveName, CancellationToken.None);
                    return;
                }

                var done = current with { Status = SnapshotStatus.Available, PercentProgress = 100, SizeBytes = manifest.TotalSize, CopyingFromSnapshotId = null };
                await SnapshotRecords.UpdateAsync(done, CancellationToken.None);
                await SnapshotEventAsync(done, "creation", $"Finished copy of cluster snapshot {source.Arn}", CancellationToken.None);
            });
            return;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            // The copy was deleted: its record and any archive are gone already.
            return;
        }
        catch (Exception e) when (e is IOException or ArchiveCorruptException or ArchiveNotFoundException)
        {
            Log.SnapshotFailed(_logger, copy.SnapshotId, e);
            failure = "the source's archive could not be read or the copy's could not be written";
        }
        finally
        {
            if (sourceKey is not null)
            {
                CryptographicOperations.ZeroMemory(sourceKey);
            }

            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }

            if (_copies.TryRemove(copy.SnapshotId, out var cancel))
            {
                cancel.Dispose();
            }
        }

        await WithSnapshotGateAsync(copy.SnapshotId, async () =>
        {
            if (SnapshotRecords.FindById(copy.SnapshotId) is { Status: SnapshotStatus.Copying } current)
            {
                await RemoveSnapshotAsync(current, $"Copy of cluster snapshot {source.Arn} failed and was removed: {failure}.");
            }
        });
    }

    private async Task<ArchiveManifest> ReEncryptArchiveAsync(DbClusterSnapshot copy, DbClusterSnapshot source, byte[]? sourceKey, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        var estimate = Math.Max(1L, source.SizeBytes);
        var reported = 0;
        await using var input = await ArchiveStore.OpenReadAsync(source.ArchiveName, cancellationToken);
        await using var upload = await ArchiveStore.CreateAsync(copy.ArchiveName, cancellationToken);
        await using var progress = new ProgressStream(upload.Stream, async written =>
        {
            var percent = (int)Math.Min(99, written * 100 / estimate);
            if (percent >= reported + 10)
            {
                reported = percent;
                await WithSnapshotGateAsync(copy.SnapshotId, async () =>
                {
                    if (SnapshotRecords.FindById(copy.SnapshotId) is { Status: SnapshotStatus.Copying } current)
                    {
                        await SnapshotRecords.UpdateAsync(current with { PercentProgress = percent }, CancellationToken.None);
                    }
                });
            }
        });
        var manifest = await VolumeArchives.ReEncryptAsync(input, sourceKey, progress, key, _time, cancellationToken);
        await progress.FlushAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await upload.CommitAsync(cancellationToken);
        return manifest;
    }

    /// <summary>
    /// DeleteDBClusterSnapshot of a copy still <c>copying</c> (the caller holds the snapshot's lock): cancels the copy and
    /// removes its record and whatever of its archive was committed.
    /// </summary>
    private async Task CancelCopyAsync(DbClusterSnapshot copy)
    {
        if (_copies.TryGetValue(copy.SnapshotId, out var cancel))
        {
            try
            {
                await cancel.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The copy has just ended; its completion finds the record gone and removes the archive.
            }
        }

        await SnapshotRecords.RemoveAsync(copy.SnapshotId, CancellationToken.None);
        await ArchiveStore.DeleteAsync(copy.ArchiveName, CancellationToken.None);
        await SnapshotEventAsync(copy, "deletion", $"Copy of cluster snapshot {copy.SourceSnapshotArn} cancelled: the copy was deleted", CancellationToken.None);
    }

    private async Task WithSnapshotGateAsync(string snapshotId, Func<Task> work)
    {
        var gate = _locks.GetOrAdd(snapshotId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            await work();
        }
        finally
        {
            gate.Release();
        }
    }
}
