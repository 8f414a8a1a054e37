using System.Text;
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

/// <summary>Snapshots and restores through the control plane: the data comes back, the key rules hold, and a restart leaves nothing half-done.</summary>
public sealed class ClusterSnapshotTests : IAsyncLifetime
{
    private const string Marker = "SNAPSHOT-MARKER-7f3c1e";
    private readonly TestDirectory _directory = new();
    private readonly RootKey _rootKey = RootKey.CreateRandom();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly KmsCaller _alice = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "eu-west-1");
    private readonly KmsCaller _bob = new(AccountId.Parse("444455556666"), "arn:aws:iam::444455556666:user/bob", "eu-west-1");
    private SqliteMetadataStore _metadata = null!;
    private KeyService _keys = null!;
    private SnapshotStore _snapshots = null!;
    private ClusterStore _clusterStore = null!;
    private ClusterService _clusters = null!;

    private string SnapshotDirectory => Path.Combine(_directory.Path, "snapshots");

    public async Task InitializeAsync()
    {
        _metadata = await SqliteMetadataStore.OpenAsync(_directory.Path, _rootKey, [.. KeyMigrations.All, .. ClusterMigrations.All], _time, default);
        _keys = new KeyService(await KeyStore.LoadAsync(_metadata, default), _rootKey, _time, new KeysOptions { Day = TimeSpan.FromSeconds(1) });
        _snapshots = await SnapshotStore.LoadAsync(_metadata, default);
        _clusterStore = await ClusterStore.LoadAsync(_metadata, default);
        _clusters = NewService(new ClusterOptions());
    }

    public async Task DisposeAsync()
    {
        await _clusters.DisposeAsync();
        _keys.Dispose();
        _keys.Store.Dispose();
        _clusterStore.Dispose();
        _snapshots.Dispose();
        _metadata.Dispose();
        _rootKey.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task EncryptedSnapshot_RestoredUnderAnotherKey_HasTheSameRows_AndNoPlaintextOnDisk()
    {
        var key = await NewKeyAsync();
        var newKey = await NewKeyAsync();
        var cluster = await CreateAsync("source", key.KeyId);
        await WriteRowsAsync(cluster, 50);

        var snapshot = await _clusters.CreateSnapshotAsync(_alice, "snap", cluster.Identifier, new Dictionary<string, string>(), default);
        var backingUp = Cluster(cluster).Status;
        await _clusters.DrainAsync();
        var restored = await _clusters.RestoreFromSnapshotAsync(_alice, new RestoreClusterRequest { Identifier = "rekeyed", SnapshotIdentifier = "snap", Engine = ClusterEngine.Name, KmsKeyId = newKey.Arn }, default);
        await _clusters.DrainAsync();

        Assert.Equal(SnapshotStatus.Creating, snapshot.Status);
        Assert.Equal(ClusterStatus.BackingUp, backingUp);
        Assert.Equal(ClusterStatus.Available, Cluster(cluster).Status);
        var done = _snapshots.FindById(snapshot.SnapshotId)!;
        Assert.Equal((SnapshotStatus.Available, 100, key.Arn, true), (done.Status, done.PercentProgress, done.KmsKeyArn, done.StorageEncrypted));
        Assert.Equal((ClusterStatus.Available, newKey.Arn, true), (Cluster(restored).Status, Cluster(restored).KmsKeyArn, Cluster(restored).StorageEncrypted));
        Assert.Equal(await ReadRowsAsync(cluster), await ReadRowsAsync(restored));
        Assert.Equal(50, (await ReadRowsAsync(restored)).Count);
        Assert.Empty(FilesContaining(Marker));
    }

    [Fact]
    public async Task UnencryptedSnapshot_RestoredWithAKmsKeyId_IsAnEncryptedCluster()
    {
        var key = await NewKeyAsync();
        var cluster = await CreateAsync("plain", keyId: null);
        await WriteRowsAsync(cluster, 3);

        var snapshot = await _clusters.CreateSnapshotAsync(_alice, "plain-snap", cluster.Identifier, new Dictionary<string, string>(), default);
        await _clusters.DrainAsync();
        var kept = await _clusters.RestoreFromSnapshotAsync(_alice, new RestoreClusterRequest { Identifier = "still-plain", SnapshotIdentifier = "plain-snap", Engine = ClusterEngine.Name }, default);
        var encrypted = await _clusters.RestoreFromSnapshotAsync(_alice, new RestoreClusterRequest { Identifier = "now-encrypted", SnapshotIdentifier = snapshot.Arn, Engine = ClusterEngine.Name, KmsKeyId = key.KeyId }, default);
        await _clusters.DrainAsync();

        Assert.False(_snapshots.FindById(snapshot.SnapshotId)!.StorageEncrypted);
        Assert.Null(_snapshots.FindById(snapshot.SnapshotId)!.KmsKeyArn);
        Assert.Equal((false, (string?)null), (Cluster(kept).StorageEncrypted, Cluster(kept).KmsKeyArn));
        Assert.Equal((true, key.Arn), (Cluster(encrypted).StorageEncrypted, Cluster(encrypted).KmsKeyArn));
        Assert.Equal(3, (await ReadRowsAsync(encrypted)).Count);
        Assert.Equal(await ReadRowsAsync(kept), await ReadRowsAsync(encrypted));
    }

    [Fact]
    public async Task SharedSnapshot_WhoseKeyPolicyDoesNotNameTheOtherAccount_IsKmsKeyNotAccessibleForIt()
    {
        var key = await NewKeyAsync();
        var cluster = await CreateAsync("shared", key.KeyId);
        var snapshot = await _clusters.CreateSnapshotAsync(_alice, "shared-snap", cluster.Identifier, new Dictionary<string, string>(), default);
        await _clusters.DrainAsync();

        var unshared = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.RestoreFromSnapshotAsync(_bob, Restore("bobs", snapshot.Arn), default));
        await _snapshots.UpdateAsync(_snapshots.FindById(snapshot.SnapshotId)! with { SharedWith = [_bob.Account.Value] }, default);
        var notAllowed = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.RestoreFromSnapshotAsync(_bob, Restore("bobs", snapshot.Arn), default));
        var nothingLeft = _clusterStore.Find(_bob.Account, _bob.Region, "bobs");
        await _keys.PutKeyPolicyAsync(_alice, key.KeyId, "default", $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_alice.Account}}:root"},"Action":"kms:*","Resource":"*"},
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_bob.Account}}:root"},"Action":["kms:Decrypt","kms:CreateGrant","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"}]}
            """, false, default);
        var restored = await _clusters.RestoreFromSnapshotAsync(_bob, Restore("bobs", snapshot.Arn), default);
        await _clusters.DrainAsync();

        Assert.Equal("DBClusterSnapshotNotFoundFault", unshared.Code);
        Assert.Equal("KMSKeyNotAccessibleFault", notAllowed.Code);
        Assert.Null(nothingLeft);
        Assert.Equal((ClusterStatus.Available, key.Arn, _bob.Account), (Cluster(restored).Status, Cluster(restored).KmsKeyArn, Cluster(restored).Account));
    }

    [Fact]
    public async Task DeleteWithAFinalSnapshot_DeletesTheCluster_AndTheSnapshotHoldsItsData()
    {
        var cluster = await CreateAsync("doomed", (await NewKeyAsync()).KeyId);
        await WriteRowsAsync(cluster, 7);
        var rows = await ReadRowsAsync(cluster);

        await _clusters.DeleteAsync(_alice, cluster.Identifier, skipFinalSnapshot: false, "doomed-final", default);
        await _clusters.DrainAsync();
        var restored = await _clusters.RestoreFromSnapshotAsync(_alice, Restore("revived", "doomed-final"), default);
        await _clusters.DrainAsync();

        Assert.Null(_clusterStore.FindByResourceId(cluster.ResourceId));
        Assert.Equal(SnapshotStatus.Available, _snapshots.Find(_alice.Account, _alice.Region, "doomed-final")!.Status);
        Assert.Equal(rows, await ReadRowsAsync(restored));
    }

    [Fact]
    public async Task SnapshotRules_StateQuotaAndIdentifiers_AreEnforcedWithRdsCodes()
    {
        await _clusters.DisposeAsync();
        _clusters = NewService(new ClusterOptions { MaxManualSnapshotsPerAccount = 1 });
        var cluster = await CreateAsync("rules", (await NewKeyAsync()).KeyId);
        await _clusters.CreateSnapshotAsync(_alice, "first", cluster.Identifier, new Dictionary<string, string>(), default);
        var busy = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.CreateSnapshotAsync(_alice, "second", cluster.Identifier, new Dictionary<string, string>(), default));
        await _clusters.DrainAsync();

        var quota = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.CreateSnapshotAsync(_alice, "second", cluster.Identifier, new Dictionary<string, string>(), default));
        var badName = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.CreateSnapshotAsync(_alice, "rds:first", cluster.Identifier, new Dictionary<string, string>(), default));
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.DeleteSnapshotAsync(_alice, "nope", default));
        var otherAccount = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.DeleteSnapshotAsync(_bob, "first", default));
        await _clusters.DeleteSnapshotAsync(_alice, "first", default);
        var again = await _clusters.CreateSnapshotAsync(_alice, "first", cluster.Identifier, new Dictionary<string, string>(), default);
        var duplicate = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.CreateSnapshotAsync(_alice, "first", cluster.Identifier, new Dictionary<string, string>(), default));
        var wrongEngine = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.RestoreFromSnapshotAsync(_alice, Restore("x", "first") with { Engine = "aurora-mysql" }, default));
        await _clusters.DrainAsync();

        Assert.Equal("InvalidDBClusterStateFault", busy.Code);
        Assert.Equal("SnapshotQuotaExceeded", quota.Code);
        Assert.Equal("InvalidParameterValue", badName.Code);
        Assert.Equal(("DBClusterSnapshotNotFoundFault", 404), (missing.Code, missing.HttpStatus));
        Assert.Equal("DBClusterSnapshotNotFoundFault", otherAccount.Code);
        Assert.Equal(SnapshotStatus.Available, _snapshots.FindById(again.SnapshotId)!.Status);
        Assert.True(duplicate.Code is "DBClusterSnapshotAlreadyExistsFault" or "InvalidDBClusterStateFault", duplicate.Code);
        Assert.Equal("InvalidParameterValue", wrongEngine.Code);
    }

    [Fact]
    public async Task Restart_RollsBackAnInterruptedSnapshot_AndRemovesOrphanedArchives()
    {
        var cluster = await CreateAsync("restart", (await NewKeyAsync()).KeyId);
        var kept = await _clusters.CreateSnapshotAsync(_alice, "kept", cluster.Identifier, new Dictionary<string, string>(), default);
        await _clusters.DrainAsync();
        await _clusters.DisposeAsync();
        var interrupted = _snapshots.FindById(kept.SnapshotId)! with { SnapshotId = "snapshot-INTERRUPTEDAAAAAAAAAAAAAAAAAAA", Identifier = "interrupted", Status = SnapshotStatus.Creating, PercentProgress = 40 };
        await _snapshots.TryAddAsync(interrupted, default);
        await _clusterStore.UpdateAsync(Cluster(cluster) with { Status = ClusterStatus.BackingUp }, default);
        var store = new DirectoryArchiveStore(SnapshotDirectory);
        foreach (var name in new[] { interrupted.ArchiveName, $"{_alice.Account}/eu-west-1/snapshot-ORPHANAAAAAAAAAAAAAAAAAAAAAA.archive" })
        {
            await using var upload = await store.CreateAsync(name, default);
            await upload.Stream.WriteAsync(Encoding.UTF8.GetBytes("partial"));
            await upload.CommitAsync(default);
        }

        _clusters = NewService(new ClusterOptions());
        await _clusters.StartAsync(default);
        await _clusters.DrainAsync();

        Assert.Null(_snapshots.FindById(interrupted.SnapshotId));
        Assert.Equal(SnapshotStatus.Available, _snapshots.FindById(kept.SnapshotId)!.Status);
        Assert.Equal(ClusterStatus.Available, Cluster(cluster).Status);
        var names = new List<string>();
        await foreach (var entry in store.ListAsync(string.Empty, default))
        {
            names.Add(entry.Name);
        }

        var automated = _snapshots.All.Where(s => s.SnapshotType == SnapshotStatus.Automated).Select(s => s.ArchiveName).ToHashSet(StringComparer.Ordinal);
        Assert.Equal([kept.ArchiveName], names.Where(n => !automated.Contains(n) && !n.Contains("/log/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task KeyDisabledBeforeASnapshot_LeavesNoSnapshot_AndTheClusterInaccessible()
    {
        var key = await NewKeyAsync();
        var cluster = await CreateAsync("keyless", key.KeyId);

        await _keys.DisableKeyAsync(_alice, key.KeyId, default);
        await _clusters.DrainAsync();
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.CreateSnapshotAsync(_alice, "never", cluster.Identifier, new Dictionary<string, string>(), default));
        var finalRefused = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.DeleteAsync(_alice, cluster.Identifier, false, "never-final", default));

        Assert.Equal("InvalidDBClusterStateFault", refused.Code);
        Assert.Equal("KMSKeyNotAccessibleFault", finalRefused.Code);
        Assert.DoesNotContain(_snapshots.All, s => s.SnapshotType == SnapshotStatus.Manual);
        Assert.Equal(ClusterStatus.InaccessibleRecoverable, Cluster(cluster).Status);
    }

    private ClusterService NewService(ClusterOptions options) =>
        new(_clusterStore, _keys, _rootKey, options with { Directory = Path.Combine(_directory.Path, "clusters") }, _time, NullLogger<ClusterService>.Instance)
        {
            Snapshots = _snapshots,
            SnapshotArchives = new DirectoryArchiveStore(SnapshotDirectory),
        };

    private static RestoreClusterRequest Restore(string identifier, string snapshot) => new() { Identifier = identifier, SnapshotIdentifier = snapshot, Engine = ClusterEngine.Name };

    private Task<KmsKey> NewKeyAsync() => _keys.CreateKeyAsync(_alice, null, "cluster key", false, new Dictionary<string, string>(), default);

    private async Task<DbCluster> CreateAsync(string identifier, string? keyId)
    {
        var cluster = await _clusters.CreateAsync(_alice, new CreateClusterRequest
        {
            Identifier = identifier,
            Engine = ClusterEngine.Name,
            MasterUsername = "admin",
            MasterUserPassword = "Passw0rd!",
            StorageEncrypted = keyId is not null,
            KmsKeyId = keyId,
        }, default);
        await _clusters.DrainAsync();
        Assert.Equal(ClusterStatus.Available, Cluster(cluster).Status);
        return cluster;
    }

    private DbCluster Cluster(DbCluster cluster) => _clusterStore.FindByResourceId(cluster.ResourceId)!;

    private async Task WriteRowsAsync(DbCluster cluster, int count)
    {
        var written = await _clusters.UseVolumeAsync(cluster.ResourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);";
            command.ExecuteNonQuery();
            for (var i = 0; i < count; i++)
            {
                command.CommandText = "INSERT INTO notes (body) VALUES ($body);";
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$body", $"{Marker} row {i}");
                command.ExecuteNonQuery();
            }

            return Task.FromResult("done");
        }, default);
        Assert.Equal("done", written);
    }

    private async Task<List<string>> ReadRowsAsync(DbCluster cluster) =>
        await _clusters.UseVolumeAsync(cluster.ResourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT body FROM notes ORDER BY id;";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(reader.GetString(0));
            }

            return Task.FromResult(rows);
        }, default) ?? throw new InvalidOperationException("The cluster's volume is not open.");

    private List<string> FilesContaining(string marker)
    {
        SqliteConnection.ClearAllPools();
        return DiskScan.FilesContaining(_directory.Path, marker);
    }
}
