using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Clusters.Tests;

/// <summary>A key service, a cluster service and an instance service over a real metadata store in a temporary directory.</summary>
internal sealed class InstanceTestBed : IAsyncDisposable
{
    private SqliteMetadataStore _metadata = null!;

    private InstanceTestBed()
    {
    }

    public TestDirectory Directory { get; } = new();

    public RootKey RootKey { get; } = RootKey.CreateRandom();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public KeyService Keys { get; private set; } = null!;

    public ClusterService Clusters { get; private set; } = null!;

    public InstanceService Instances { get; private set; } = null!;

    /// <summary>The RDS events the cluster service records.</summary>
    public RdsEventLog Events { get; private set; } = null!;

    /// <summary>The metadata store (to reload the cluster records as a restart would).</summary>
    public IMetadataStore Metadata => _metadata;

    /// <summary>The admin of account 111122223333 in eu-west-1.</summary>
    public KmsCaller Alice { get; } = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "eu-west-1", "AKIAALICE");

    public static async Task<InstanceTestBed> CreateAsync()
    {
        var bed = new InstanceTestBed();
        bed._metadata = await SqliteMetadataStore.OpenAsync(bed.Directory.Path, bed.RootKey, [.. KeyMigrations.All, .. ClusterMigrations.All, .. InstanceMigrations.All], bed.Time, default);
        bed.Keys = new KeyService(await KeyStore.LoadAsync(bed._metadata, default), bed.RootKey, bed.Time, new KeysOptions());
        bed.Events = new RdsEventLog(bed._metadata, bed.Time);
        bed.Clusters = new ClusterService(await ClusterStore.LoadAsync(bed._metadata, default), bed.Keys, bed.RootKey, new ClusterOptions { Directory = Path.Combine(bed.Directory.Path, "clusters") }, bed.Time, NullLogger<ClusterService>.Instance)
        {
            Events = bed.Events,
        };
        bed.Instances = new InstanceService(await InstanceStore.LoadAsync(bed._metadata, default), bed.Clusters, bed.Time);
        return bed;
    }

    /// <summary>Creates a cluster and waits until it is available.</summary>
    public async Task<DbCluster> AvailableClusterAsync(string identifier, bool encrypted)
    {
        var created = await Clusters.CreateAsync(Alice, new CreateClusterRequest
        {
            Identifier = identifier,
            Engine = ClusterEngine.Name,
            MasterUsername = "admin",
            MasterUserPassword = "Passw0rd!",
            StorageEncrypted = encrypted,
            Tags = new Dictionary<string, string> { ["seed"] = "yes" },
        }, default);
        for (var i = 0; i < 500; i++)
        {
            var current = Clusters.Store.FindByResourceId(created.ResourceId)!;
            if (current.Status == ClusterStatus.Available)
            {
                return current;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Cluster {identifier} did not become available.");
    }

    /// <summary>A request for a member of <paramref name="cluster"/>.</summary>
    public static CreateInstanceRequest Member(string identifier, string cluster, string instanceClass = "db.r5.large") => new()
    {
        Identifier = identifier,
        ClusterIdentifier = cluster,
        Engine = ClusterEngine.Name,
        InstanceClass = instanceClass,
    };

    public async ValueTask DisposeAsync()
    {
        Instances.Dispose();
        await Clusters.DisposeAsync();
        Keys.Dispose();
        Keys.Store.Dispose();
        _metadata.Dispose();
        RootKey.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }
}
