using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Archives;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Clusters.Tests;

/// <summary>
/// A cluster service with snapshots, a snapshot archive store and retained backups over a real metadata store, on a
/// fake clock: automated snapshots every hour, the log sealed every 5 minutes. It can be restarted on the same stores.
/// </summary>
internal sealed class BackupTestBed : IAsyncDisposable
{
    private SqliteMetadataStore _metadata = null!;
    private ClusterStore _clusterStore = null!;
    private SnapshotStore _snapshotStore = null!;
    private AutomatedBackupStore _backupStore = null!;

    private BackupTestBed()
    {
    }

    public TestDirectory Directory { get; } = new();

    public RootKey RootKey { get; } = RootKey.CreateRandom();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public KeyService Keys { get; private set; } = null!;

    public ClusterService Clusters { get; private set; } = null!;

    public DirectoryArchiveStore Archives { get; private set; } = null!;

    public SnapshotStore Snapshots => _snapshotStore;

    /// <summary>The admin of account 111122223333 in eu-west-1.</summary>
    public KmsCaller Alice { get; } = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "eu-west-1", "AKIAALICE");

    public static async Task<BackupTestBed> CreateAsync()
    {
        var bed = new BackupTestBed();
        bed._metadata = await SqliteMetadataStore.OpenAsync(bed.Directory.Path, bed.RootKey, [.. KeyMigrations.All, .. ClusterMigrations.All], bed.Time, default);
        bed.Keys = new KeyService(await KeyStore.LoadAsync(bed._metadata, default), bed.RootKey, bed.Time, new KeysOptions());
        bed._clusterStore = await ClusterStore.LoadAsync(bed._metadata, default);
        bed._snapshotStore = await SnapshotStore.LoadAsync(bed._metadata, default);
        bed._backupStore = await AutomatedBackupStore.LoadAsync(bed._metadata, default);
        bed.Archives = new DirectoryArchiveStore(Path.Combine(bed.Directory.Path, "snapshots"));
        bed.Clusters = bed.NewService();
        await bed.Clusters.StartAsync(default);
        return bed;
    }

    /// <summary>Stops the service (as a process exit) and starts a new one on the same stores and files.</summary>
    public async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        await Clusters.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (whileStopped is not null)
        {
            await whileStopped();
        }

        Clusters = NewService();
        await Clusters.StartAsync(default);
        await Clusters.DrainAsync();
    }

    /// <summary>Creates an encrypted cluster under a new customer key and waits until it is available (and its first automated snapshot taken).</summary>
    public async Task<DbCluster> AvailableClusterAsync(string identifier, int retentionDays = 1)
    {
        var key = await Keys.CreateKeyAsync(Alice, null, "cluster key", false, new Dictionary<string, string>(), default);
        var created = await Clusters.CreateAsync(Alice, new CreateClusterRequest
        {
            Identifier = identifier,
            Engine = ClusterEngine.Name,
            MasterUsername = "admin",
            MasterUserPassword = "Passw0rd!",
            StorageEncrypted = true,
            KmsKeyId = key.KeyId,
            BackupRetentionPeriod = retentionDays,
        }, default);
        await Clusters.DrainAsync();
        var cluster = Cluster(created.ResourceId);
        Assert.Equal(ClusterStatus.Available, cluster.Status);
        return cluster;
    }

    public DbCluster Cluster(string resourceId) => Clusters.Store.FindByResourceId(resourceId)!;

    public DbCluster Cluster(string account, string identifier) => Clusters.Store.Find(AccountId.Parse(account), "eu-west-1", identifier)!;

    /// <summary>Advances the clock by <paramref name="step"/> and lets the work its timers started finish.</summary>
    public async Task AdvanceAsync(TimeSpan step)
    {
        Time.Advance(step);
        await Clusters.DrainAsync();
    }

    /// <summary>Runs <paramref name="sql"/> as one transaction on the cluster's volume, one second after the last; returns the commit time.</summary>
    public async Task<DateTimeOffset> CommitAsync(DbCluster cluster, string sql)
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        var done = await Clusters.UseVolumeAsync(cluster.ResourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
            return Task.FromResult<object>(true);
        }, default);
        Assert.NotNull(done);
        return Time.GetUtcNow();
    }

    /// <summary>The rows of table <c>t</c> in the cluster's volume, in order, as "1,2,3".</summary>
    public async Task<string> RowsAsync(DbCluster cluster)
    {
        var rows = await Clusters.UseVolumeAsync(cluster.ResourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM t ORDER BY id";
            using var reader = command.ExecuteReader();
            var ids = new List<long>();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }

            return Task.FromResult(string.Join(",", ids));
        }, default);
        return rows ?? throw new InvalidOperationException($"The volume of {cluster.Identifier} is not open.");
    }

    /// <summary>Restores <paramref name="source"/> to <paramref name="time"/> (the latest restorable time when null) as <paramref name="identifier"/> and waits for it.</summary>
    public async Task<DbCluster> RestoreAsync(string identifier, DateTimeOffset? time, string? source, string? sourceResourceId = null, string? kmsKeyId = null)
    {
        var restored = await Clusters.RestoreToPointInTimeAsync(Alice, new PointInTimeRestoreClusterRequest
        {
            Identifier = identifier,
            SourceClusterIdentifier = source,
            SourceResourceId = sourceResourceId,
            RestoreToTime = time,
            UseLatestRestorableTime = time is null,
            KmsKeyId = kmsKeyId,
        }, default);
        await Clusters.DrainAsync();
        return Cluster(restored.ResourceId);
    }

    /// <summary>The automated snapshots of a cluster, oldest first.</summary>
    public List<DbClusterSnapshot> AutomatedSnapshots(DbCluster cluster) =>
        [.. _snapshotStore.All.Where(s => s.ClusterResourceId == cluster.ResourceId && s.SnapshotType == SnapshotStatus.Automated).OrderBy(s => s.SnapshotCreateTime)];

    /// <summary>The names of a cluster's sealed log segments.</summary>
    public async Task<List<string>> SegmentsAsync(DbCluster cluster)
    {
        var names = new List<string>();
        await foreach (var entry in Archives.ListAsync($"{cluster.Account}/{cluster.Region}/log/{cluster.ResourceId}/", default))
        {
            names.Add(entry.Name);
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        await Clusters.DisposeAsync();
        Keys.Dispose();
        Keys.Store.Dispose();
        _clusterStore.Dispose();
        _snapshotStore.Dispose();
        _backupStore.Dispose();
        _metadata.Dispose();
        RootKey.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }

    private ClusterService NewService() =>
        new(_clusterStore, Keys, RootKey, new ClusterOptions
        {
            Directory = Path.Combine(Directory.Path, "clusters"),
            AutomatedBackupInterval = TimeSpan.FromHours(1),
            LogSealInterval = TimeSpan.FromMinutes(5),
        }, Time, NullLogger<ClusterService>.Instance)
        {
            Snapshots = _snapshotStore,
            SnapshotArchives = Archives,
            AutomatedBackups = _backupStore,
        };
}
