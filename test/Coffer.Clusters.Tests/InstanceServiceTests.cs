using Coffer.Primitives;

namespace Coffer.Clusters.Tests;

public sealed class InstanceServiceTests
{
    [Fact]
    public async Task Create_InAnEncryptedCluster_AnswersCreatingThenReportsAvailableWithTheClustersKey()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("enc", encrypted: true);

        var created = await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("Enc-1", "enc"), default);
        var described = Assert.Single(bed.Instances.Describe(bed.Alice, "enc-1"));

        Assert.Equal(InstanceStatus.Creating, created.Status);
        Assert.Equal(InstanceStatus.Available, described.Status);
        Assert.Equal("enc-1", described.Instance.Identifier);
        Assert.Matches("^db-[A-Z2-7]{26}$", described.Instance.ResourceId);
        Assert.True(described.StorageEncrypted);
        Assert.Equal(cluster.KmsKeyArn, described.KmsKeyArn);
        Assert.Equal(cluster.ResourceId, described.Instance.ClusterResourceId);
    }

    [Theory]
    [InlineData(ClusterStatus.Creating, InstanceStatus.Creating)]
    [InlineData(ClusterStatus.Available, InstanceStatus.Available)]
    [InlineData(ClusterStatus.BackingUp, InstanceStatus.Available)]
    [InlineData(ClusterStatus.Modifying, InstanceStatus.Available)]
    public async Task Create_Bug11_InAClusterBeingCreatedOrBusy_IsAcceptedAndReportsCreatingUntilTheClusterIsAvailable(string clusterStatus, string reported)
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("c", encrypted: true);
        await bed.Clusters.Store.UpdateAsync(cluster with { Status = clusterStatus }, default);

        var created = await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("c-1", "c"), default);

        Assert.Equal(InstanceStatus.Creating, created.Status);
        Assert.Equal(reported, Assert.Single(bed.Instances.Describe(bed.Alice, "c-1")).Status);
        await bed.Clusters.Store.UpdateAsync(cluster with { Status = ClusterStatus.Available }, default);
        Assert.Equal(InstanceStatus.Available, Assert.Single(bed.Instances.Describe(bed.Alice, "c-1")).Status);
    }

    [Theory]
    [InlineData(ClusterStatus.Stopping)]
    [InlineData(ClusterStatus.Stopped)]
    [InlineData(ClusterStatus.Starting)]
    [InlineData(ClusterStatus.Deleting)]
    [InlineData(ClusterStatus.InaccessibleRecoverable)]
    [InlineData(ClusterStatus.Inaccessible)]
    public async Task Create_InAClusterThatIsNotRunning_IsInvalidDBClusterStateFaultAndAddsNothing(string clusterStatus)
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("c", encrypted: true);
        await bed.Clusters.Store.UpdateAsync(cluster with { Status = clusterStatus }, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("c-1", "c"), default));

        Assert.Equal("InvalidDBClusterStateFault", error.Code);
        Assert.Equal($"DB Cluster c is in {clusterStatus} state but expected it to be available.", error.Message);
        Assert.Empty(bed.Instances.Describe(bed.Alice, null));
    }

    [Fact]
    public async Task Create_InAnUnencryptedCluster_ReportsNoEncryptionAndAllowsDbT2Micro()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("plain", encrypted: false);

        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("plain-1", "plain", "db.t2.micro"), default);
        var described = Assert.Single(bed.Instances.Describe(bed.Alice, null));

        Assert.False(described.StorageEncrypted);
        Assert.Null(described.KmsKeyArn);
    }

    [Theory]
    [InlineData("key")]
    [InlineData("encrypted")]
    public async Task Create_WithKmsKeyIdOrStorageEncrypted_IsInvalidParameterCombination(string given)
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("enc", encrypted: true);
        var request = InstanceTestBed.Member("i", "enc") with
        {
            KmsKeyId = given == "key" ? "alias/aws/rds" : null,
            StorageEncrypted = given == "encrypted" ? true : null,
        };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.CreateAsync(bed.Alice, request, default));

        Assert.Equal("InvalidParameterCombination", error.Code);
        Assert.Equal("The requested DB Instance will be a member of a DB Cluster and its storage encryption key should not be set directly.", error.Message);
    }

    [Fact]
    public async Task Create_DbT2MicroInAnEncryptedCluster_IsInvalidParameterCombination()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("enc", encrypted: true);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("i", "enc", "db.t2.micro"), default));

        Assert.Equal("InvalidParameterCombination", error.Code);
        Assert.Equal("DB Instance class db.t2.micro does not support encryption at rest", error.Message);
        Assert.Empty(bed.Instances.Describe(bed.Alice, null));
    }

    [Fact]
    public async Task Create_WithBadInput_IsRefusedWithAwsCodes()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("c", encrypted: false);

        async Task<string> CodeAsync(CreateInstanceRequest request) =>
            (await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.CreateAsync(bed.Alice, request, default))).Code;

        Assert.Equal("InvalidParameterValue", await CodeAsync(InstanceTestBed.Member("bad--name", "c")));
        Assert.Equal("InvalidParameterValue", await CodeAsync(InstanceTestBed.Member("i", "c", "db.m5.24xlarge")));
        Assert.Equal("MissingParameter", await CodeAsync(InstanceTestBed.Member("i", "c") with { ClusterIdentifier = null }));
        Assert.Equal("InvalidParameterCombination", await CodeAsync(InstanceTestBed.Member("i", "c") with { Engine = "aurora-postgresql" }));
        Assert.Equal("DBClusterNotFoundFault", await CodeAsync(InstanceTestBed.Member("i", "nope")));
        Assert.Equal("InvalidParameterValue", await CodeAsync(InstanceTestBed.Member("i", "c") with { PromotionTier = 16 }));
    }

    [Fact]
    public async Task Create_TwiceWithOneIdentifier_IsDbInstanceAlreadyExists()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("c", encrypted: false);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("i", "c"), default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("I", "c"), default));

        Assert.Equal("DBInstanceAlreadyExists", error.Code);
    }

    [Fact]
    public async Task RebootAndDelete_AnswerRebootingAndDeleting_ThenDescribeIsDbInstanceNotFound()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("c", encrypted: true);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("i", "c"), default);

        var rebooting = await bed.Instances.RebootAsync(bed.Alice, "i", default);
        var deleting = await bed.Instances.DeleteAsync(bed.Alice, "i", default);
        var error = Assert.Throws<AwsServiceException>(() => bed.Instances.Describe(bed.Alice, "i"));
        var again = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.DeleteAsync(bed.Alice, "i", default));

        Assert.Equal(InstanceStatus.Rebooting, rebooting.Status);
        Assert.Equal(InstanceStatus.Deleting, deleting.Status);
        Assert.Equal("DBInstanceNotFound", error.Code);
        Assert.Equal(404, error.HttpStatus);
        Assert.Equal("DBInstanceNotFound", again.Code);
    }

    [Fact]
    public async Task Tags_OnAClusterAreSeededFromItsCreationTags_AndOnAnInstanceRoundTrip()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("c", encrypted: false);
        var instance = (await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("i", "c") with { Tags = new Dictionary<string, string> { ["role"] = "writer" } }, default)).Instance;

        await bed.Instances.AddTagsAsync(bed.Alice, cluster.Arn, new Dictionary<string, string> { ["env"] = "prod" }, default);
        await bed.Instances.RemoveTagsAsync(bed.Alice, instance.Arn, ["role"], default);
        await bed.Instances.AddTagsAsync(bed.Alice, instance.Arn, new Dictionary<string, string> { ["env"] = "dev" }, default);

        Assert.Equal(new Dictionary<string, string> { ["seed"] = "yes", ["env"] = "prod" }, bed.Instances.ListTags(bed.Alice, cluster.Arn));
        Assert.Equal(new Dictionary<string, string> { ["env"] = "dev" }, bed.Instances.ListTags(bed.Alice, instance.Arn));
        Assert.Equal(new Dictionary<string, string> { ["env"] = "dev" }, bed.Instances.Describe(bed.Alice, "i")[0].Tags);
    }

    [Fact]
    public async Task Tags_OnUnknownResources_AreTheNotFoundFaultsOfTheirType()
    {
        await using var bed = await InstanceTestBed.CreateAsync();

        var cluster = Assert.Throws<AwsServiceException>(() => bed.Instances.ListTags(bed.Alice, "arn:aws:rds:eu-west-1:111122223333:cluster:nope"));
        var instance = Assert.Throws<AwsServiceException>(() => bed.Instances.ListTags(bed.Alice, "arn:aws:rds:eu-west-1:111122223333:db:nope"));
        var otherAccount = Assert.Throws<AwsServiceException>(() => bed.Instances.ListTags(bed.Alice, "arn:aws:rds:eu-west-1:444455556666:db:nope"));
        var garbage = Assert.Throws<AwsServiceException>(() => bed.Instances.ListTags(bed.Alice, "not-an-arn"));

        Assert.Equal("DBClusterNotFoundFault", cluster.Code);
        Assert.Equal("DBInstanceNotFound", instance.Code);
        Assert.Equal("DBInstanceNotFound", otherAccount.Code);
        Assert.Equal("InvalidParameterValue", garbage.Code);
    }
}
