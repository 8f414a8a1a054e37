using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Archives;
using Coffer.Storage.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Benchmarks.Clusters;

/// <summary>
/// RestoreDBClusterToPointInTime end to end, as a function of the length of the log replayed: the control plane's
/// checks, the KMS calls (the base snapshot's and every sealed segment's data key unwrapped as the caller via RDS, the
/// new cluster's grant and data key), restoring the base automated snapshot, replaying the log, up to the moment the
/// new cluster is <c>available</c>.
/// <para>
/// The source is an encrypted cluster whose first automated snapshot was taken when it held an empty table; then
/// <see cref="Transactions"/> transactions of 10 rows of 100 random bytes each (a few pages a transaction) were
/// committed, and the cluster was stopped, which seals its whole log into the archive store. Every iteration restores
/// it to its latest restorable time as a new cluster (deleted in the iteration cleanup).
/// </para>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MedianColumn]
public class PointInTimeRestoreBenchmarks
{
    private readonly KmsCaller _caller = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/bench", "eu-west-1");
    private string _root = null!;
    private RootKey _rootKey = null!;
    private SqliteMetadataStore _metadata = null!;
    private KeyService _keys = null!;
    private ClusterStore _clusterStore = null!;
    private SnapshotStore _snapshots = null!;
    private AutomatedBackupStore _backups = null!;
    private ClusterService _clusters = null!;
    private DbCluster? _restored;
    private int _restores;

    /// <summary>How many transactions the log holds after the base snapshot.</summary>
    [Params(100, 1_000, 10_000)]
    public int Transactions { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _clusters.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _keys.Dispose();
        _keys.Store.Dispose();
        _clusterStore.Dispose();
        _snapshots.Dispose();
        _backups.Dispose();
        _metadata.Dispose();
        _rootKey.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [IterationCleanup]
    public void DeleteRestored()
    {
        _clusters.DrainAsync().GetAwaiter().GetResult();
        if (_restored is not null)
        {
            _clusters.DeleteAsync(_caller, _restored.Identifier, skipFinalSnapshot: true, null, default).GetAwaiter().GetResult();
            _clusters.DrainAsync().GetAwaiter().GetResult();
        }
    }

    [Benchmark, InvocationCount(1)]
    public async Task<string> RestoreToLatestRestorableTime()
    {
        var identifier = "restored-" + _restores++;
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(DbCluster? before, DbCluster after)
        {
            if (after.Identifier == identifier && after.Status is ClusterStatus.Available or ClusterStatus.IncompatibleRestore)
            {
                done.TrySetResult(after.Status);
            }
        }

        _clusterStore.Changed += OnChanged;
        try
        {
            _restored = await _clusters.RestoreToPointInTimeAsync(_caller, new PointInTimeRestoreClusterRequest
            {
                Identifier = identifier,
                SourceClusterIdentifier = "source",
                UseLatestRestorableTime = true,
            }, default);
            var status = await done.Task;
            return status == ClusterStatus.Available ? status : throw new InvalidOperationException($"The restore ended {status}.");
        }
        finally
        {
            _clusterStore.Changed -= OnChanged;
        }
    }

    private async Task SetupAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "coffer-bench-pitr-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        Directory.CreateDirectory(_root);
        _rootKey = RootKey.CreateRandom();
        _metadata = await SqliteMetadataStore.OpenAsync(_root, _rootKey, [.. KeyMigrations.All, .. ClusterMigrations.All], TimeProvider.System, default);
        _keys = new KeyService(await KeyStore.LoadAsync(_metadata, default), _rootKey, TimeProvider.System);
        _clusterStore = await ClusterStore.LoadAsync(_metadata, default);
        _snapshots = await SnapshotStore.LoadAsync(_metadata, default);
        _backups = await AutomatedBackupStore.LoadAsync(_metadata, default);
        _clusters = new ClusterService(_clusterStore, _keys, _rootKey, new ClusterOptions { Directory = Path.Combine(_root, "clusters") }, TimeProvider.System, NullLogger<ClusterService>.Instance)
        {
            Snapshots = _snapshots,
            SnapshotArchives = new DirectoryArchiveStore(Path.Combine(_root, "snapshots")),
            AutomatedBackups = _backups,
        };
        await _clusters.StartAsync(default);
        var key = await _keys.CreateKeyAsync(_caller, null, "bench", false, new Dictionary<string, string>(), default);
        var source = await _clusters.CreateAsync(_caller, new CreateClusterRequest
        {
            Identifier = "source",
            Engine = ClusterEngine.Name,
            MasterUsername = "admin",
            MasterUserPassword = "Passw0rd!",
            StorageEncrypted = true,
            KmsKeyId = key.KeyId,
        }, default);
        await _clusters.DrainAsync();
        await _clusters.UseVolumeAsync(source.ResourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
            for (var i = 0; i < Transactions; i++)
            {
                Execute(connection, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 10) INSERT INTO t (payload) SELECT randomblob(100) FROM c");
            }

            return Task.FromResult<object>(true);
        }, default);
        await _clusters.StopClusterAsync(_caller, "source", default);
        await _clusters.DrainAsync();
        var segments = 0;
        long bytes = 0;
        await foreach (var entry in _clusters.SnapshotArchives!.ListAsync($"{source.Account}/{source.Region}/log/", default))
        {
            segments++;
            bytes += entry.Size;
        }

        Console.WriteLine($"// {Transactions} transactions after the base snapshot: {segments} sealed segment(s), {bytes} bytes");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
