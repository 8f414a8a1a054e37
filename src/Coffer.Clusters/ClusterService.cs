using System.Collections.Concurrent;
using System.Security.Cryptography;
using Coffer.Keys;
using Coffer.Keys.Crypto;
using Coffer.Keys.Grants;
using Coffer.Keys.Service;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Archives;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Volumes;
using Microsoft.Extensions.Logging;

namespace Coffer.Clusters;

/// <summary>
/// The RDS control plane over Coffer volumes. A cluster's storage is one volume; an encrypted cluster's data key is
/// generated through a KMS grant created for that cluster alone (constrained to its encryption context
/// <c>aws:rds:db-id</c> = its resource id) and only the wrapped key is stored, in the volume's manifest. Long work
/// (laying out a volume, deleting one) runs after the call returns, as RDS's does, and resumes after a restart.
/// </summary>
public sealed partial class ClusterService : IAsyncDisposable
{
    /// <summary>The encryption context key of a cluster's data key and grant.</summary>
    public const string ContextKey = "aws:rds:db-id";

    private static readonly GrantOperation[] GrantOperations =
    [
        GrantOperation.Decrypt, GrantOperation.GenerateDataKey, GrantOperation.GenerateDataKeyWithoutPlaintext,
        GrantOperation.ReEncryptFrom, GrantOperation.ReEncryptTo, GrantOperation.DescribeKey, GrantOperation.RetireGrant,
    ];

    private readonly ClusterStore _store;
    private readonly KeyService _keys;
    private readonly ClusterOptions _options;
    private readonly byte[] _passwordKey;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Volume> _volumes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _work = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>Creates the service; <paramref name="rootKey"/> seals master passwords.</summary>
    public ClusterService(ClusterStore store, KeyService keys, RootKey rootKey, ClusterOptions options, TimeProvider time, ILogger<ClusterService> logger)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        _store = store;
        _keys = keys;
        _options = options;
        _passwordKey = rootKey.DeriveKey("rds/master-password");
        _time = time;
        _logger = logger;
        _keys.Store.Changed += OnKeyChanged;
        _store.Changed += OnClusterChanged;
        EngineLogs = new EngineLogs(this, time, logger);
    }

    /// <summary>The DB instances' engine logs (error and slow-statement logs), sealed in their cluster's volume.</summary>
    public EngineLogs EngineLogs { get; }

    /// <summary>
    /// The DB instances, whose engine logs record the cluster's events (none are recorded while it is not set); the
    /// <see cref="InstanceService"/> made over this service sets it too.
    /// </summary>
    public InstanceStore? Instances { get; set; }

    /// <summary>The store.</summary>
    public ClusterStore Store => _store;

    /// <summary>Raised for every use of a cluster's key, successful or not, for the audit trail.</summary>
    public event Action<ClusterKeyUse>? KeyUsed;

    /// <summary>How many DB instances a cluster (by resource id) still has: a cluster with members cannot be deleted.</summary>
    public Func<string, int>? MemberCount { get; init; }

    /// <summary>Where state transitions are recorded for DescribeEvents (none when not set).</summary>
    public RdsEventLog? Events { get; init; }

    /// <summary>The options.</summary>
    public ClusterOptions Options => _options;

    /// <summary>
    /// CreateDBCluster. The key is checked and the cluster's grant and data key made before the call returns, so an
    /// unusable key is KMSKeyNotAccessibleFault at once; the volume is laid out afterwards (status creating → available).
    /// </summary>
    public async Task<DbCluster> CreateAsync(KmsCaller caller, CreateClusterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var identifier = ClusterIdentifiers.Normalize(request.Identifier, "DBClusterIdentifier");
        if (!string.Equals(request.Engine, ClusterEngine.Name, StringComparison.Ordinal))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid DB engine: {request.Engine}. Coffer clusters run the embedded SQLite engine: use Engine {ClusterEngine.Name}.");
        }

        if (request.EngineVersion is not null && request.EngineVersion != ClusterEngine.Version)
        {
            throw RdsErrors.InvalidParameterValue($"Cannot find version {request.EngineVersion} for {ClusterEngine.Name}; the available version is {ClusterEngine.Version}.");
        }

        if (string.IsNullOrEmpty(request.MasterUsername))
        {
            throw RdsErrors.InvalidParameterValue("The parameter MasterUsername must be provided and must not be blank.");
        }

        var password = CreatePassword(request);

        if (request.BackupRetentionPeriod is < 1 or > 35)
        {
            throw RdsErrors.InvalidParameterValue($"Invalid backup retention period: {request.BackupRetentionPeriod}. It must be from 1 to 35 days.");
        }

        if (request.KmsKeyId is not null && !request.StorageEncrypted)
        {
            throw RdsErrors.InvalidParameterCombination("KmsKeyId applies only to encrypted DB clusters: set StorageEncrypted to true.");
        }

        CheckRoomForCluster(caller, identifier);

        var resourceId = NewResourceId();
        var cluster = new DbCluster
        {
            Identifier = identifier,
            Account = caller.Account,
            Region = caller.Region,
            ResourceId = resourceId,
            Status = ClusterStatus.Creating,
            EngineVersion = ClusterEngine.Version,
            MasterUsername = request.MasterUsername,
            MasterPasswordSealed = SealPassword(password, resourceId),
            StorageEncrypted = request.StorageEncrypted,
            BackupRetentionPeriod = request.BackupRetentionPeriod ?? 1,
            DeletionProtection = request.DeletionProtection,
            HttpEndpointEnabled = request.EnableHttpEndpoint,
            CopyTagsToSnapshot = request.CopyTagsToSnapshot,
            DatabaseName = request.DatabaseName,
            Tags = request.Tags,
            CreateTime = _time.GetUtcNow(),
        };

        VolumeKeyMaterial? key = null;
        if (request.StorageEncrypted)
        {
            (cluster, key) = await ProvisionKeyAsync(caller, cluster, request.KmsKeyId ?? "alias/aws/rds", cancellationToken);
        }

        if (request.ManageMasterUserPassword)
        {
            try
            {
                cluster = cluster with { MasterUserSecret = await CreateMasterUserSecretAsync(caller, cluster, password, request.MasterUserSecretKmsKeyId, cancellationToken) };
            }
            catch
            {
                if (key is not null)
                {
                    CryptographicOperations.ZeroMemory(key.DataKey);
                }

                await RetireGrantQuietlyAsync(cluster);
                throw;
            }
        }

        try
        {
            var created = cluster;
            return await AddClusterAsync(cluster, key, "DB cluster created", token => CompleteCreateAsync(created, key, token), cancellationToken);
        }
        catch (AwsServiceException)
        {
            await DeleteMasterUserSecretQuietlyAsync(cluster);
            throw;
        }
    }

    /// <summary>DescribeDBClusters: one cluster by identifier (DBClusterNotFoundFault when absent), or all of the caller's.</summary>
    public IReadOnlyList<DbCluster> Describe(KmsCaller caller, string? identifier)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (identifier is null)
        {
            return [.. _store.ClustersOf(caller.Account, caller.Region)];
        }

        var found = FindByIdentifierOrArn(caller, identifier);
        return found is null ? throw RdsErrors.ClusterNotFound(identifier) : [found];
    }

    /// <summary>
    /// DeleteDBCluster: refused while deletion protection is on or while the cluster is not in a deletable state;
    /// FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot. The final snapshot is taken first (its key checked
    /// now: KMSKeyNotAccessibleFault) and the cluster deleted only once it is available; if it fails, the cluster stays.
    /// The automated backups go with the cluster unless <paramref name="deleteAutomatedBackups"/> is false: then they are
    /// retained (DescribeDBClusterAutomatedBackups) until DeleteDBClusterAutomatedBackup.
    /// </summary>
    public async Task<DbCluster> DeleteAsync(KmsCaller caller, string identifier, bool skipFinalSnapshot, string? finalSnapshotIdentifier, CancellationToken cancellationToken, bool deleteAutomatedBackups = true)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (skipFinalSnapshot && finalSnapshotIdentifier is not null)
        {
            throw RdsErrors.InvalidParameterCombination("FinalDBSnapshotIdentifier can not be specified when deleting a cluster with SkipFinalSnapshot=true.");
        }

        if (!skipFinalSnapshot && finalSnapshotIdentifier is null)
        {
            throw RdsErrors.InvalidParameterCombination("FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
        }

        using var hold = await LockAsync(identifier, caller, cancellationToken);
        var cluster = hold.Cluster;
        if (cluster.DeletionProtection)
        {
            throw RdsErrors.InvalidParameterCombination("Cannot delete protected Cluster, please disable deletion protection and try again.");
        }

        if (MemberCount?.Invoke(cluster.ResourceId) is > 0)
        {
            throw RdsErrors.InvalidClusterState("Cluster cannot be deleted, it still contains DB instances in non-deleting state.");
        }

        if (cluster.Status is ClusterStatus.Creating or ClusterStatus.Deleting or ClusterStatus.Modifying or ClusterStatus.BackingUp or ClusterStatus.Starting or ClusterStatus.Stopping)
        {
            throw RdsErrors.InvalidClusterState($"Cluster {cluster.Identifier} is in {cluster.Status} state; it cannot be deleted now.");
        }

        if (finalSnapshotIdentifier is not null)
        {
            var identifier2 = ClusterIdentifiers.Normalize(finalSnapshotIdentifier, "FinalDBSnapshotIdentifier");
            if (cluster.Status is not (ClusterStatus.Available or ClusterStatus.Stopped))
            {
                throw cluster.StorageEncrypted && cluster.Status is ClusterStatus.Inaccessible or ClusterStatus.InaccessibleRecoverable
                    ? RdsErrors.KeyNotAccessible(cluster.KmsKeyArn!)
                    : RdsErrors.InvalidClusterState($"Cannot take a final snapshot of DB cluster {cluster.Identifier} while it is {cluster.Status}; delete it with SkipFinalSnapshot.");
            }

            var (snapshot, key) = await BeginSnapshotAsync(cluster, identifier2, SnapshotStatus.Manual, new Dictionary<string, string>(), cancellationToken);
            cluster = cluster with { Status = ClusterStatus.Deleting, FinalSnapshotId = snapshot.SnapshotId, RetainAutomatedBackups = !deleteAutomatedBackups };
            await _store.UpdateAsync(cluster, cancellationToken);
            var deleting = cluster;
            Background(cluster.ResourceId, token => FinalSnapshotThenDeleteAsync(deleting, snapshot, key, token));
            return cluster;
        }

        cluster = cluster with { Status = ClusterStatus.Deleting, RetainAutomatedBackups = !deleteAutomatedBackups };
        await _store.UpdateAsync(cluster, cancellationToken);
        Background(cluster.ResourceId, token => CompleteDeleteAsync(cluster, token));
        return cluster;
    }

    /// <summary>
    /// Brings clusters to where they should be after a restart: a creation or deletion that was under way is finished,
    /// and the volumes of available clusters are opened (an encrypted one's data key unwrapped through its grant).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A restore a crash interrupted is resumed from the start below; the volume it was building is of no use.
        if (VolumeArchives.RemoveAbandonedRestores(_options.Directory) is > 0 and var abandoned)
        {
            Log.AbandonedRestoresRemoved(_logger, abandoned);
        }

        await RecoverSnapshotsAsync(cancellationToken);
        foreach (var cluster in _store.All.ToList())
        {
            switch (cluster.Status)
            {
                case ClusterStatus.Creating:
                    Background(cluster.ResourceId, token => RecreateAsync(cluster, token));
                    break;
                case ClusterStatus.Deleting when cluster.FinalSnapshotId is not null && Snapshots?.FindById(cluster.FinalSnapshotId) is { } final:
                    Background(cluster.ResourceId, async token => await FinalSnapshotThenDeleteAsync(cluster, final, final.Status == SnapshotStatus.Available ? null : await SnapshotKeyAsync(cluster, token), token));
                    break;
                case ClusterStatus.Deleting:
                    Background(cluster.ResourceId, token => CompleteDeleteAsync(cluster, token));
                    break;
                case ClusterStatus.Available:
                    Background(cluster.ResourceId, token => OpenVolumeAsync(cluster, token));
                    break;
                case ClusterStatus.BackingUp:
                    // The snapshot it was backing up for was rolled back above.
                    Background(cluster.ResourceId, async token =>
                    {
                        await OpenVolumeAsync(cluster, token);
                        if (_store.FindByResourceId(cluster.ResourceId) is { Status: ClusterStatus.BackingUp } current)
                        {
                            await _store.UpdateAsync(current with { Status = ClusterStatus.Available }, token);
                        }
                    });
                    break;
                case ClusterStatus.InaccessibleRecoverable:
                    ScheduleWindow(cluster.ResourceId, cluster.InaccessibleSince ?? _time.GetUtcNow());
                    break;
                case ClusterStatus.Starting:
                    Background(cluster.ResourceId, async token =>
                    {
                        await OpenVolumeAsync(cluster, token);
                        if (_store.FindByResourceId(cluster.ResourceId) is { Status: ClusterStatus.Starting } current && _volumes.ContainsKey(cluster.ResourceId))
                        {
                            await _store.UpdateAsync(current with { Status = ClusterStatus.Available }, token);
                        }
                    });
                    break;
                case ClusterStatus.Stopping:
                    Background(cluster.ResourceId, token => _store.UpdateAsync(cluster with { Status = ClusterStatus.Stopped }, token));
                    break;
            }
        }

        await StartBackupsAsync(cancellationToken);
    }

    /// <summary>Waits for work under way (tests, and an orderly shutdown).</summary>
    public async Task DrainAsync()
    {
        while (!_work.IsEmpty)
        {
            await Task.WhenAll(_work.Keys.ToList());
        }
    }

    /// <summary>Refuses a new cluster past the account's quota, or under an identifier already taken in the region.</summary>
    private void CheckRoomForCluster(KmsCaller caller, string identifier)
    {
        if (_store.ClustersOf(caller.Account, caller.Region).Count() >= _options.MaxClustersPerAccount)
        {
            throw RdsErrors.ClusterQuotaExceeded(_options.MaxClustersPerAccount);
        }

        if (_store.Find(caller.Account, caller.Region, identifier) is not null)
        {
            throw RdsErrors.ClusterAlreadyExists(identifier);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _keys.Store.Changed -= OnKeyChanged;
        _store.Changed -= OnClusterChanged;
        DisposeWindows();
        DisposeBackupTimers();
        await _stopping.CancelAsync();
        try
        {
            await DrainAsync();
        }
        catch (OperationCanceledException)
        {
            // Work stopped at shutdown resumes at the next start.
        }

        foreach (var volume in _volumes.Values)
        {
            volume.Dispose();
        }

        _volumes.Clear();
        CryptographicOperations.ZeroMemory(_passwordKey);
        _stopping.Dispose();
    }

    /// <summary>The principal RDS acts as through a cluster's grant.</summary>
    internal static KmsCaller ServiceCaller(DbCluster cluster) =>
        new KmsCaller(cluster.Account, $"arn:aws:iam::{cluster.Account}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS", cluster.Region).Via("rds");

    internal static EncryptionContext Context(DbCluster cluster) => EncryptionContext.Create(ContextMap(cluster));

    internal static Dictionary<string, string> ContextMap(DbCluster cluster) => new(StringComparer.Ordinal) { [ContextKey] = cluster.ResourceId };

    private static string ServicePrincipal(string region) => $"rds.{region}.amazonaws.com";

    private string VolumeDirectory(DbCluster cluster) => Path.Combine(_options.Directory, cluster.ResourceId);

    /// <summary>The directory of a cluster's volume.</summary>
    internal string VolumeDirectoryOf(DbCluster cluster) => VolumeDirectory(cluster);

    /// <summary>The cluster's open volume, or <see langword="null"/> while it is closed.</summary>
    internal Volume? OpenVolume(string resourceId) => _volumes.TryGetValue(resourceId, out var volume) ? volume : null;

    /// <summary>Records in every member's error log that the volume was opened, with what recovery found.</summary>
    private void NoteVolumeOpened(DbCluster cluster, Volume volume)
    {
        EngineLogs.RecordClusterNote(cluster, "Note", $"Volume {volume.Manifest.VolumeId} opened ({(cluster.StorageEncrypted ? $"AES-256-GCM, data key unwrapped through KMS key {cluster.KmsKeyArn}" : "unencrypted")}); instance started.");
        foreach (var note in volume.ChangeLogRecoveryNotes)
        {
            EngineLogs.RecordClusterNote(cluster, "Note", "Recovery: " + note);
        }
    }

    private DbCluster? FindByIdentifierOrArn(KmsCaller caller, string identifier)
    {
        if (Arn.TryParse(identifier, out var arn) && arn.Service == "rds" && arn.Resource.StartsWith("cluster:", StringComparison.Ordinal))
        {
            return arn.Account == caller.Account.Value && arn.Region == caller.Region ? _store.Find(caller.Account, caller.Region, arn.Resource[8..]) : null;
        }

        return _store.Find(caller.Account, caller.Region, identifier.ToLowerInvariant());
    }

    private async Task CompleteCreateAsync(DbCluster cluster, VolumeKeyMaterial? key, CancellationToken cancellationToken)
    {
        try
        {
            var directory = VolumeDirectory(cluster);
            if (Directory.Exists(directory))
            {
                Volume.Delete(directory);
            }

            PrivateFiles.CreateDirectory(_options.Directory);
            var volume = key is null
                ? Volume.CreateUnencrypted(directory, _time, VolumeOptions())
                : Volume.Create(directory, key, _time, VolumeOptions());
            _volumes[cluster.ResourceId] = volume;
            await _store.UpdateAsync(cluster with { Status = ClusterStatus.Available }, cancellationToken);
            EngineLogs.RecordMembersStarted(cluster);
            if (KeyIdOf(cluster) is { } keyId && _keys.Store.Find(keyId)?.Key is not { State: KeyState.Enabled })
            {
                // The key went away while the volume was being laid out.
                await LoseKeyAsync(cluster.ResourceId, terminal: _keys.Store.Find(keyId) is null, cancellationToken);
            }
        }
        finally
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }
        }
    }

    private async Task RecreateAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        VolumeKeyMaterial? key = null;
        if (cluster.StorageEncrypted)
        {
            using var dataKey = await UseKeyAsync("GenerateDataKey", ServiceCaller(cluster), cluster.KmsKeyArn!, ContextMap(cluster), () => _keys.GenerateDataKeyAsync(ServiceCaller(cluster), cluster.KmsKeyArn, 32, null, Context(cluster), null, withPlaintext: true, dryRun: false, cancellationToken));
            key = new VolumeKeyMaterial(dataKey.Plaintext!.ReadOnlySpan.ToArray(), dataKey.CiphertextBlob, dataKey.KeyArn, ContextMap(cluster));
        }

        if (cluster.RestoreSource is { RestoreTime: not null })
        {
            await ResumePointInTimeRestoreAsync(cluster, key, cancellationToken);
            return;
        }

        if (cluster.RestoreSource is not null)
        {
            await ResumeRestoreAsync(cluster, key, cancellationToken);
            return;
        }

        await CompleteCreateAsync(cluster, key, cancellationToken);
    }

    private async Task OpenVolumeAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        if (_volumes.ContainsKey(cluster.ResourceId))
        {
            // Already opened (a point-in-time restore reading it opened it first).
            return;
        }

        var directory = VolumeDirectory(cluster);
        if (!cluster.StorageEncrypted)
        {
            var plain = _volumes[cluster.ResourceId] = Volume.OpenUnencrypted(directory, VolumeOptions());
            NoteVolumeOpened(cluster, plain);
            return;
        }

        var manifest = Volume.ReadManifest(directory);
        DecryptResult plaintext;
        try
        {
            plaintext = await UseKeyAsync("Decrypt", ServiceCaller(cluster), cluster.KmsKeyArn!, ContextMap(cluster), () => _keys.DecryptAsync(ServiceCaller(cluster), manifest.WrappedKeyBytes, Context(cluster), cluster.KmsKeyArn, null, false, cancellationToken));
        }
        catch (AwsServiceException e)
        {
            await LoseKeyAsync(cluster.ResourceId, terminal: !IsRecoverable(e), cancellationToken);
            return;
        }

        using (plaintext)
        {
            var volume = _volumes[cluster.ResourceId] = Volume.Open(directory, plaintext.Plaintext.ReadOnlySpan, VolumeOptions());
            NoteVolumeOpened(cluster, volume);
        }
    }

    private async Task CompleteDeleteAsync(DbCluster cluster, CancellationToken cancellationToken)
    {
        await EndBackupsAsync(cluster, cancellationToken);
        await CloseVolumeAsync(cluster.ResourceId);

        Volume.Delete(VolumeDirectory(cluster));
        await RetireGrantQuietlyAsync(cluster);
        await DeleteMasterUserSecretQuietlyAsync(cluster);
        await _store.RemoveAsync(cluster.ResourceId, cancellationToken);
        await ForgetTagsAsync(cluster.ResourceId);
        await EventAsync(cluster, "deletion", "DB cluster deleted", cancellationToken);
    }

    /// <summary>
    /// Creates a new cluster's KMS grant on <paramref name="keyId"/> (as the caller, via RDS, so the key's policy and grants
    /// decide) and its data key through that grant. KMSKeyNotAccessibleFault when the caller may not use the key.
    /// </summary>
    private async Task<(DbCluster Cluster, VolumeKeyMaterial Key)> ProvisionKeyAsync(KmsCaller caller, DbCluster cluster, string keyId, CancellationToken cancellationToken)
    {
        CreateGrantResult grant;
        try
        {
            grant = await UseKeyAsync("CreateGrant", caller.Via("rds"), keyId, ContextMap(cluster), () => _keys.CreateServiceGrantAsync(
                caller.Via("rds"), keyId, ServicePrincipal(caller.Region), GrantOperations,
                new GrantConstraints { EncryptionContextSubset = new Dictionary<string, string> { [ContextKey] = cluster.ResourceId } }, cluster.ResourceId, cancellationToken));
        }
        catch (AwsServiceException e) when (e.Code != KmsErrors.Codes.Internal)
        {
            throw RdsErrors.KeyNotAccessible(keyId);
        }

        cluster = cluster with { KmsKeyArn = grant.KeyArn, GrantId = grant.GrantId, StorageEncrypted = true };
        try
        {
            var withGrant = cluster;
            using var dataKey = await UseKeyAsync("GenerateDataKey", ServiceCaller(cluster), grant.KeyArn, ContextMap(cluster), () => _keys.GenerateDataKeyAsync(ServiceCaller(withGrant), grant.KeyArn, 32, null, Context(withGrant), [grant.GrantToken], withPlaintext: true, dryRun: false, cancellationToken));
            return (cluster, new VolumeKeyMaterial(dataKey.Plaintext!.ReadOnlySpan.ToArray(), dataKey.CiphertextBlob, dataKey.KeyArn, ContextMap(cluster)));
        }
        catch (AwsServiceException e) when (e.Code != KmsErrors.Codes.Internal)
        {
            await RetireGrantQuietlyAsync(cluster);
            throw RdsErrors.KeyNotAccessible(keyId);
        }
    }

    /// <summary>Records a new cluster (status creating) and lays out its volume in the background.</summary>
    private async Task<DbCluster> AddClusterAsync(DbCluster cluster, VolumeKeyMaterial? key, string message, Func<CancellationToken, Task> layOut, CancellationToken cancellationToken)
    {
        if (!await _store.TryAddAsync(cluster, cancellationToken))
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key.DataKey);
            }

            await RetireGrantQuietlyAsync(cluster);
            throw RdsErrors.ClusterAlreadyExists(cluster.Identifier);
        }

        await EventAsync(cluster, "creation", message, cancellationToken);
        Background(cluster.ResourceId, layOut);
        return cluster;
    }

    private async Task RetireGrantQuietlyAsync(DbCluster cluster)
    {
        if (cluster.GrantId is null || cluster.KmsKeyArn is null)
        {
            return;
        }

        try
        {
            await UseKeyAsync("RetireGrant", ServiceCaller(cluster), cluster.KmsKeyArn, ContextMap(cluster), async () =>
            {
                await _keys.RetireGrantAsync(ServiceCaller(cluster), null, cluster.KmsKeyArn, cluster.GrantId, false, CancellationToken.None);
                return true;
            });
        }
        catch (AwsServiceException e)
        {
            // The grant or its key is already gone: nothing is left to retire.
            Log.GrantNotRetired(_logger, cluster.ResourceId, e.Code);
        }
    }

    /// <summary>Runs one use of a cluster's key and reports it (with its error, when it fails) for the audit trail.</summary>
    private async Task<T> UseKeyAsync<T>(string operation, KmsCaller caller, string keyId, IReadOnlyDictionary<string, string> context, Func<Task<T>> use)
    {
        try
        {
            var result = await use();
            KeyUsed?.Invoke(new ClusterKeyUse(operation, caller, keyId, context, null, null));
            return result;
        }
        catch (AwsServiceException e)
        {
            KeyUsed?.Invoke(new ClusterKeyUse(operation, caller, keyId, context, e.Code, e.Message.Length == 0 ? null : e.Message));
            throw;
        }
    }

    /// <summary>Records an event for DescribeEvents; a failure to record is logged, never fails the transition.</summary>
    private async Task EventAsync(DbCluster cluster, string category, string message, CancellationToken cancellationToken)
    {
        if (Events is null)
        {
            return;
        }

        try
        {
            await Events.RecordAsync(cluster, category, message, cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            Log.EventNotRecorded(_logger, cluster.ResourceId, e);
        }
    }

    private VolumeOptions VolumeOptions() => new() { ChangeLog = new ChangeLogOptions { Time = _time } };

    private void Background(string resourceId, Func<CancellationToken, Task> work)
    {
        var gate = _locks.GetOrAdd(resourceId, _ => new SemaphoreSlim(1, 1));
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? task = null;
        task = Task.Run(async () =>
        {
            // Not before the task is registered: work that ends at once must not try to unregister it first.
            await registered.Task;
            await gate.WaitAsync(_stopping.Token);
            try
            {
                await work(_stopping.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.BackgroundWorkFailed(_logger, resourceId, e);
            }
            finally
            {
                gate.Release();
                _work.TryRemove(task!, out _);
            }
        });
        _work[task] = true;
        registered.SetResult();
    }

    private async Task<ClusterHold> LockAsync(string identifier, KmsCaller caller, CancellationToken cancellationToken)
    {
        var cluster = FindByIdentifierOrArn(caller, identifier) ?? throw RdsErrors.ClusterNotFound(identifier);
        var gate = _locks.GetOrAdd(cluster.ResourceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        var current = _store.FindByResourceId(cluster.ResourceId);
        if (current is null)
        {
            gate.Release();
            throw RdsErrors.ClusterNotFound(identifier);
        }

        return new ClusterHold(current, gate);
    }

    private static string NewResourceId() => NewId("cluster-");

    /// <summary>A permanent id: <paramref name="prefix"/> and 26 random base-32 characters.</summary>
    private static string NewId(string prefix)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        Span<char> id = stackalloc char[26];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return prefix + new string(id);
    }

    /// <summary>A cluster's operation lock, held while a call changes it.</summary>
    private readonly record struct ClusterHold(DbCluster Cluster, SemaphoreSlim Gate) : IDisposable
    {
        public void Dispose() => Gate.Release();
    }
}
