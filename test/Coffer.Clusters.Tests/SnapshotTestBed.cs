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
/// A key service and a cluster service with snapshots (archives in a gated directory store) over a real metadata store
/// in a temporary directory; two accounts, and a restart that keeps the data directory.
/// </summary>
internal sealed class SnapshotTestBed : IAsyncDisposable
{
    private SqliteMetadataStore _metadata = null!;
    private ClusterStore _clusterStore = null!;
    private SnapshotStore _snapshotStore = null!;

    private SnapshotTestBed()
    {
    }

    public TestDirectory Directory { get; } = new();

    public RootKey RootKey { get; } = RootKey.CreateRandom();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public KeyService Keys { get; private set; } = null!;

    public ClusterService Clusters { get; private set; } = null!;

    public RdsEventLog Events { get; private set; } = null!;

    public GatedArchiveStore Archives { get; private set; } = null!;

    public SnapshotStore Snapshots => _snapshotStore;

    public string ArchiveDirectory => Path.Combine(Directory.Path, "snapshots");

    /// <summary>Account 111122223333 in eu-west-1: owns the clusters and snapshots.</summary>
    public KmsCaller Alice { get; } = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "eu-west-1", "AKIAALICE");

    /// <summary>Another account, 444455556666, in eu-west-1.</summary>
    public KmsCaller Bob { get; } = new(AccountId.Parse("444455556666"), "arn:aws:iam::444455556666:user/bob", "eu-west-1", "AKIABOB");

    /// <summary>The options every cluster service of the bed gets (the directory is set by the bed).</summary>
    public ClusterOptions Options { get; private init; } = new();

    public static async Task<SnapshotTestBed> CreateAsync(ClusterOptions? options = null)
    {
        var bed = new SnapshotTestBed { Options = options ?? new ClusterOptions() };
        bed._metadata = await SqliteMetadataStore.OpenAsync(bed.Directory.Path, bed.RootKey, [.. KeyMigrations.All, .. ClusterMigrations.All], bed.Time, default);
        bed.Keys = new KeyService(await KeyStore.LoadAsync(bed._metadata, default), bed.RootKey, bed.Time, new KeysOptions());
        bed._clusterStore = await ClusterStore.LoadAsync(bed._metadata, default);
        bed._snapshotStore = await SnapshotStore.LoadAsync(bed._metadata, default);
        bed.Events = new RdsEventLog(bed._metadata, bed.Time);
        bed.Clusters = bed.NewClusterService();
        return bed;
    }

    /// <summary>Stops the cluster service and starts a new one over the same stores and files, as a restart does.</summary>
    public async Task RestartAsync()
    {
        await Clusters.DisposeAsync();
        Clusters = NewClusterService();
        await Clusters.StartAsync(default);
        await Clusters.DrainAsync();
    }

    /// <summary>Creates a cluster of Alice's (under <paramref name="kmsKeyId"/> when encrypted) and waits until it is available.</summary>
    public async Task<DbCluster> ClusterAsync(string identifier, bool encrypted, string? kmsKeyId = null)
    {
        var created = await Clusters.CreateAsync(Alice, new CreateClusterRequest
        {
            Identifier = identifier,
            Engine = ClusterEngine.Name,
            MasterUsername = "admin",
            MasterUserPassword = "Passw0rd!",
            StorageEncrypted = encrypted,
            KmsKeyId = kmsKeyId,
        }, default);
        await Clusters.DrainAsync();
        var current = Clusters.Store.FindByResourceId(created.ResourceId)!;
        Assert.Equal(ClusterStatus.Available, current.Status);
        return current;
    }

    /// <summary>Takes a snapshot of Alice's cluster and waits until it is available.</summary>
    public async Task<DbClusterSnapshot> SnapshotAsync(DbCluster cluster, string identifier)
    {
        var snapshot = await Clusters.CreateSnapshotAsync(Alice, identifier, cluster.Identifier, new Dictionary<string, string> { ["team"] = "db" }, default);
        await Clusters.DrainAsync();
        var current = Snapshots.FindById(snapshot.SnapshotId)!;
        Assert.Equal(SnapshotStatus.Available, current.Status);
        return current;
    }

    /// <summary>A customer managed key of <paramref name="owner"/>; its policy also lets <paramref name="sharedWith"/> use it when given.</summary>
    public async Task<KmsKey> KeyAsync(KmsCaller owner, KmsCaller? sharedWith = null)
    {
        var key = await Keys.CreateKeyAsync(owner, null, "snapshot key", false, new Dictionary<string, string>(), default);
        if (sharedWith is not null)
        {
            var policy = $$"""
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{owner.Account}}:root"},"Action":"kms:*","Resource":"*"},
                  {"Sid":"Other account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{sharedWith.Account}}:root"},
                   "Action":["kms:Decrypt","kms:DescribeKey","kms:CreateGrant","kms:GenerateDataKey*","kms:ReEncrypt*"],"Resource":"*"}]}
                """;
            await Keys.PutKeyPolicyAsync(owner, key.KeyId, "default", policy, false, default);
        }

        return key;
    }

    /// <summary>Restores a snapshot as a new cluster of <paramref name="caller"/>'s and waits until it is available.</summary>
    public async Task<DbCluster> RestoreAsync(KmsCaller caller, string snapshot, string identifier, string? kmsKeyId = null)
    {
        var restored = await Clusters.RestoreFromSnapshotAsync(caller, new RestoreClusterRequest { Identifier = identifier, SnapshotIdentifier = snapshot, Engine = ClusterEngine.Name, KmsKeyId = kmsKeyId }, default);
        await Clusters.DrainAsync();
        var current = Clusters.Store.FindByResourceId(restored.ResourceId)!;
        Assert.Equal(ClusterStatus.Available, current.Status);
        return current;
    }

    /// <summary>The header of a snapshot's archive.</summary>
    public async Task<ArchiveHeader> HeaderAsync(DbClusterSnapshot snapshot)
    {
        await using var stream = await Archives.OpenReadAsync(snapshot.ArchiveName, default);
        using var reader = await ArchiveReader.OpenAsync(stream, default);
        return reader.Header;
    }

    /// <summary>Writes rows holding <paramref name="marker"/> into a cluster's volume.</summary>
    public Task WriteMarkerAsync(DbCluster cluster, string marker) =>
        Clusters.UseVolumeAsync(cluster.ResourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE marker (value TEXT); INSERT INTO marker VALUES ($v); INSERT INTO marker VALUES ($v || '-2');";
            command.Parameters.AddWithValue("$v", marker);
            command.ExecuteNonQuery();
            return Task.FromResult<object>(true);
        }, default);

    /// <summary>The marker rows of a cluster's volume.</summary>
    public async Task<IReadOnlyList<string>> ReadMarkerAsync(DbCluster cluster) =>
        await Clusters.UseVolumeAsync(cluster.ResourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM marker ORDER BY value;";
            using var reader = command.ExecuteReader();
            var values = new List<string>();
            while (reader.Read())
            {
                values.Add(reader.GetString(0));
            }

            return Task.FromResult<IReadOnlyList<string>>(values);
        }, default) ?? throw new InvalidOperationException($"The volume of {cluster.Identifier} is not open.");

    /// <summary>The files under the data directory whose bytes contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> FilesContaining(string text)
    {
        return DiskScan.FilesContaining(Directory.Path, text);
    }

    /// <summary>
    /// The archive files in the snapshot store (committed ones end in <c>.archive</c>), leaving out what automated
    /// backups keep there on their own: automated snapshots and sealed change-log segments.
    /// </summary>
    public IReadOnlyList<string> ArchiveFiles()
    {
        if (!System.IO.Directory.Exists(ArchiveDirectory))
        {
            return [];
        }

        var automated = Snapshots.All.Where(s => s.SnapshotType == SnapshotStatus.Automated).Select(s => Path.GetFileName(s.ArchiveName)).ToHashSet(StringComparer.Ordinal);
        return [.. System.IO.Directory.EnumerateFiles(ArchiveDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}log{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFileName).OfType<string>().Where(f => !automated.Contains(f))];
    }

    public async ValueTask DisposeAsync()
    {
        await Clusters.DisposeAsync();
        Keys.Dispose();
        Keys.Store.Dispose();
        _clusterStore.Dispose();
        _snapshotStore.Dispose();
        _metadata.Dispose();
        RootKey.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }

    private ClusterService NewClusterService()
    {
        Archives = new GatedArchiveStore(ArchiveDirectory);
        return new ClusterService(_clusterStore, Keys, RootKey, Options with { Directory = Path.Combine(Directory.Path, "clusters") }, Time, NullLogger<ClusterService>.Instance)
        {
            Snapshots = _snapshotStore,
            SnapshotArchives = Archives,
            Events = Events,
        };
    }
}
