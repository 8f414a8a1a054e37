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

/// <summary>The key-loss states on a fake clock: the recoverable window, recovery, and what is terminal at once.</summary>
public sealed class ClusterKeyLossTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private readonly RootKey _rootKey = RootKey.CreateRandom();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly KmsCaller _alice = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "eu-west-1");
    private SqliteMetadataStore _metadata = null!;
    private KeyService _keys = null!;
    private ClusterService _clusters = null!;

    public async Task InitializeAsync()
    {
        _metadata = await SqliteMetadataStore.OpenAsync(_directory.Path, _rootKey, [.. KeyMigrations.All, .. ClusterMigrations.All], _time, default);
        _keys = new KeyService(await KeyStore.LoadAsync(_metadata, default), _rootKey, _time, new KeysOptions { Day = TimeSpan.FromSeconds(1) });
        _clusters = new ClusterService(
            await ClusterStore.LoadAsync(_metadata, default), _keys, _rootKey,
            new ClusterOptions { Directory = Path.Combine(_directory.Path, "clusters"), RecoverableWindow = TimeSpan.FromDays(7) },
            _time, NullLogger<ClusterService>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _clusters.DisposeAsync();
        _keys.Dispose();
        _keys.Store.Dispose();
        _clusters.Store.Dispose();
        _metadata.Dispose();
        _rootKey.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task DisabledKey_AfterTheSevenDayWindow_IsTerminal()
    {
        var (cluster, key) = await CreateAsync("window");

        await _keys.DisableKeyAsync(_alice, key.KeyId, default);
        await _clusters.DrainAsync();
        var recoverable = Status(cluster);
        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        await _clusters.DrainAsync();
        var stillRecoverable = Status(cluster);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _clusters.DrainAsync();

        Assert.Equal(ClusterStatus.InaccessibleRecoverable, recoverable);
        Assert.Equal(ClusterStatus.InaccessibleRecoverable, stillRecoverable);
        Assert.Equal(ClusterStatus.Inaccessible, Status(cluster));
        var start = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.StartClusterAsync(_alice, cluster.Identifier, default));
        Assert.Equal("InvalidDBClusterStateFault", start.Code);
    }

    [Fact]
    public async Task DisabledKey_EnabledAndStartedWithinTheWindow_IsAvailableAndStaysSo()
    {
        var (cluster, key) = await CreateAsync("recovered");
        await _keys.DisableKeyAsync(_alice, key.KeyId, default);
        await _clusters.DrainAsync();
        _time.Advance(TimeSpan.FromDays(6));

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.StartClusterAsync(_alice, cluster.Identifier, default));
        await _keys.EnableKeyAsync(_alice, key.KeyId, default);
        await _clusters.StartClusterAsync(_alice, cluster.Identifier, default);
        await _clusters.DrainAsync();
        _time.Advance(TimeSpan.FromDays(2));
        await _clusters.DrainAsync();

        Assert.Equal("KMSKeyNotAccessibleFault", refused.Code);
        Assert.Equal(ClusterStatus.Available, Status(cluster));
    }

    [Fact]
    public async Task KeyScheduledForDeletion_IsRecoverable_AndItsDeletionIsTerminal()
    {
        var (cluster, key) = await CreateAsync("deleted");

        await _keys.ScheduleKeyDeletionAsync(_alice, key.KeyId, 7, default);
        await _clusters.DrainAsync();
        var pending = Status(cluster);
        _time.Advance(TimeSpan.FromSeconds(8));
        await _keys.RunMaintenanceAsync(default);
        await _clusters.DrainAsync();

        Assert.Equal(ClusterStatus.InaccessibleRecoverable, pending);
        Assert.Equal(ClusterStatus.Inaccessible, Status(cluster));
    }

    [Fact]
    public async Task AnotherKeyDisabled_LeavesTheClusterAvailable()
    {
        var (cluster, _) = await CreateAsync("unaffected");
        var other = await _keys.CreateKeyAsync(_alice, null, "other", false, new Dictionary<string, string>(), default);

        await _keys.DisableKeyAsync(_alice, other.KeyId, default);
        await _clusters.DrainAsync();

        Assert.Equal(ClusterStatus.Available, Status(cluster));
    }

    private async Task<(DbCluster Cluster, KmsKey Key)> CreateAsync(string identifier)
    {
        var key = await _keys.CreateKeyAsync(_alice, null, "cluster key", false, new Dictionary<string, string>(), default);
        var cluster = await _clusters.CreateAsync(_alice, new CreateClusterRequest
        {
            Identifier = identifier,
            Engine = ClusterEngine.Name,
            MasterUsername = "admin",
            MasterUserPassword = "Passw0rd!",
            StorageEncrypted = true,
            KmsKeyId = key.KeyId,
        }, default);
        await _clusters.DrainAsync();
        Assert.Equal(ClusterStatus.Available, Status(cluster));
        return (cluster, key);
    }

    private string Status(DbCluster cluster) => _clusters.Store.FindByResourceId(cluster.ResourceId)!.Status;
}
