using System.Text;
using Coffer.Primitives;
using Coffer.Storage;

namespace Coffer.Clusters.Tests;

public sealed class ClusterModifyTests
{
    [Fact]
    public async Task Modify_WithNewIdentifier_RenamesTheClusterAndItsArn_KeepingResourceIdKeyTagsAndMembers()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("orig", encrypted: true);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("orig-1", "orig"), default);
        await bed.Instances.AddTagsAsync(bed.Alice, cluster.Arn, new Dictionary<string, string> { ["env"] = "prod" }, default);

        var renamed = await bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = cluster.Arn, NewIdentifier = "Renamed" }, default);
        var described = Assert.Single(bed.Clusters.Describe(bed.Alice, "renamed"));
        var oldName = Assert.Throws<AwsServiceException>(() => bed.Clusters.Describe(bed.Alice, "orig"));
        var reloaded = await ClusterStore.LoadAsync(bed.Metadata, default);

        Assert.Equal("renamed", renamed.Identifier);
        Assert.Equal("arn:aws:rds:eu-west-1:111122223333:cluster:renamed", described.Arn);
        Assert.Equal(ClusterStatus.Available, described.Status);
        Assert.Equal((cluster.ResourceId, cluster.KmsKeyArn, cluster.GrantId), (described.ResourceId, described.KmsKeyArn, described.GrantId));
        Assert.Equal("DBClusterNotFoundFault", oldName.Code);
        Assert.Equal("renamed", bed.Instances.Describe(bed.Alice, "orig-1")[0].Cluster.Identifier);
        Assert.Equal(new Dictionary<string, string> { ["seed"] = "yes", ["env"] = "prod" }, bed.Instances.ListTags(bed.Alice, described.Arn));
        Assert.Equal(cluster.ResourceId, reloaded.Find(bed.Alice.Account, "eu-west-1", "renamed")?.ResourceId);
        Assert.Null(reloaded.Find(bed.Alice.Account, "eu-west-1", "orig"));
        reloaded.Dispose();
    }

    [Fact]
    public async Task Modify_RenamingToATakenIdentifier_IsDbClusterAlreadyExistsFault_AndChangesNothing()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("a", encrypted: false);
        await bed.AvailableClusterAsync("b", encrypted: false);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", NewIdentifier = "B", BackupRetentionPeriod = 7 }, default));

        Assert.Equal("DBClusterAlreadyExistsFault", error.Code);
        Assert.Equal(1, bed.Clusters.Describe(bed.Alice, "a")[0].BackupRetentionPeriod);
        Assert.Equal(["a", "b"], bed.Clusters.Describe(bed.Alice, null).Select(c => c.Identifier));
    }

    [Theory]
    [InlineData("1bad")]
    [InlineData("bad--name")]
    [InlineData("bad-")]
    public async Task Modify_WithAnInvalidNewIdentifier_IsInvalidParameterValue(string newIdentifier)
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("a", encrypted: false);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", NewIdentifier = newIdentifier }, default));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Contains("NewDBClusterIdentifier", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(35, true)]
    [InlineData(36, false)]
    public async Task Modify_BackupRetentionPeriod_IsAcceptedFrom1To35Only(int days, bool accepted)
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("a", encrypted: false);
        var request = new ModifyClusterRequest { Identifier = "a", BackupRetentionPeriod = days };

        if (accepted)
        {
            var modified = await bed.Clusters.ModifyAsync(bed.Alice, request, default);
            Assert.Equal(days, modified.BackupRetentionPeriod);
            Assert.Equal(days, bed.Clusters.Describe(bed.Alice, "a")[0].BackupRetentionPeriod);
        }
        else
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, request, default));
            Assert.Equal("InvalidParameterValue", error.Code);
            Assert.Equal(1, bed.Clusters.Describe(bed.Alice, "a")[0].BackupRetentionPeriod);
        }
    }

    [Fact]
    public async Task Modify_DeletionProtection_OnRefusesDeletion_OffAllowsIt()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("a", encrypted: true);

        var on = await bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", DeletionProtection = true }, default);
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.DeleteAsync(bed.Alice, "a", skipFinalSnapshot: true, null, default));
        var off = await bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", DeletionProtection = false }, default);
        var deleting = await bed.Clusters.DeleteAsync(bed.Alice, "a", skipFinalSnapshot: true, null, default);

        Assert.True(on.DeletionProtection);
        Assert.Equal("InvalidParameterCombination", refused.Code);
        Assert.False(off.DeletionProtection);
        Assert.Equal(ClusterStatus.Deleting, deleting.Status);
    }

    [Fact]
    public async Task Modify_AStoppedCluster_IsInvalidDbClusterStateFaultWithRdsMessage()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("a", encrypted: true);
        await bed.Clusters.StopClusterAsync(bed.Alice, "a", default);
        await bed.Clusters.DrainAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", DeletionProtection = true }, default));

        Assert.Equal("InvalidDBClusterStateFault", error.Code);
        Assert.Equal("DB cluster is not available for modification with status stopped", error.Message);
        Assert.False(bed.Clusters.Describe(bed.Alice, "a")[0].DeletionProtection);
    }

    [Theory]
    [InlineData("alias/aws/rds", null)]
    [InlineData(null, "true")]
    [InlineData(null, "false")]
    public async Task Modify_WithKmsKeyIdOrStorageEncrypted_IsInvalidParameterCombinationPointingAtSnapshotCopyRestore(string? keyId, string? encrypted)
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("a", encrypted: true);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", KmsKeyId = keyId, StorageEncrypted = encrypted, BackupRetentionPeriod = 9 }, default));
        var after = bed.Clusters.Describe(bed.Alice, "a")[0];

        Assert.Equal("InvalidParameterCombination", error.Code);
        Assert.Contains("encryption and KMS key cannot be changed", error.Message, StringComparison.Ordinal);
        Assert.Contains("CopyDBClusterSnapshot", error.Message, StringComparison.Ordinal);
        Assert.Contains("RestoreDBClusterFromSnapshot", error.Message, StringComparison.Ordinal);
        Assert.Equal((cluster.StorageEncrypted, cluster.KmsKeyArn, 1), (after.StorageEncrypted, after.KmsKeyArn, after.BackupRetentionPeriod));
    }

    [Fact]
    public async Task Modify_MasterUserPassword_IsValidatedAsAtCreation_AndResealedForTheResource()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("a", encrypted: false);

        var tooShort = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", MasterUserPassword = "short" }, default));
        var withSlash = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", MasterUserPassword = "has/slash1" }, default));
        var modified = await bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", MasterUserPassword = "N3wPassword!" }, default);

        Assert.Equal("InvalidParameterValue", tooShort.Code);
        Assert.Equal("InvalidParameterValue", withSlash.Code);
        Assert.NotEqual(cluster.MasterPasswordSealed, modified.MasterPasswordSealed);
        Assert.DoesNotContain("N3wPassword!", modified.MasterPasswordSealed, StringComparison.Ordinal);
        var key = bed.RootKey.DeriveKey("rds/master-password");
        Assert.True(SecretBox.TryOpen(key, Convert.FromBase64String(modified.MasterPasswordSealed), Encoding.UTF8.GetBytes(cluster.ResourceId), out var plaintext));
        Assert.Equal("N3wPassword!", Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public async Task Modify_Settings_AreStoredAndRecordOneConfigurationChangeEvent()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("a", encrypted: false);

        var modified = await bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest
        {
            Identifier = "a",
            EnableHttpEndpoint = true,
            CopyTagsToSnapshot = true,
            PreferredBackupWindow = "03:00-03:30",
            PreferredMaintenanceWindow = "Sun:05:00-Sun:05:30",
            ApplyImmediately = false,
        }, default);
        var events = await bed.Events.ListAsync(bed.Alice.Account, "eu-west-1", DateTimeOffset.UnixEpoch, bed.Time.GetUtcNow(), 0, 100, default);

        Assert.True(modified.HttpEndpointEnabled);
        Assert.True(modified.CopyTagsToSnapshot);
        Assert.Equal(("03:00-03:30", "sun:05:00-sun:05:30"), (modified.PreferredBackupWindow, modified.PreferredMaintenanceWindow));
        Assert.Equal(ClusterStatus.Available, modified.Status);
        var change = Assert.Single(events, e => e.Category == "configuration change");
        Assert.Equal("a", change.SourceIdentifier);
        Assert.Equal("DB cluster modified: HTTP endpoint enabled; tags copied to snapshots; preferred backup window 03:00-03:30; preferred maintenance window sun:05:00-sun:05:30.", change.Message);
    }

    [Fact]
    public async Task Modify_ThatChangesNothing_ReturnsTheClusterAndRecordsNoEvent()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("a", encrypted: false);

        var same = await bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "A", NewIdentifier = "a", BackupRetentionPeriod = 1, DeletionProtection = false, ApplyImmediately = true }, default);
        var events = await bed.Events.ListAsync(bed.Alice.Account, "eu-west-1", DateTimeOffset.UnixEpoch, bed.Time.GetUtcNow(), 0, 100, default);

        Assert.Equal(cluster, same);
        Assert.DoesNotContain(events, e => e.Category == "configuration change");
    }

    [Fact]
    public async Task Modify_WithABackupWindowOverlappingTheMaintenanceWindow_IsInvalidParameterValue()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("a", encrypted: false);
        await bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", PreferredMaintenanceWindow = "tue:04:00-tue:05:00" }, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", PreferredBackupWindow = "04:30-05:30" }, default));
        var apart = await bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "a", PreferredBackupWindow = "05:00-05:30" }, default);

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal("The backup window and maintenance window must not overlap.", error.Message);
        Assert.Equal("05:00-05:30", apart.PreferredBackupWindow);
    }

    [Fact]
    public async Task Modify_AnUnknownCluster_IsDbClusterNotFoundFault()
    {
        await using var bed = await InstanceTestBed.CreateAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Clusters.ModifyAsync(bed.Alice, new ModifyClusterRequest { Identifier = "nope", DeletionProtection = true }, default));

        Assert.Equal("DBClusterNotFoundFault", error.Code);
        Assert.Equal(404, error.HttpStatus);
    }
}
