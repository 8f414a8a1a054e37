using Coffer.Primitives;

namespace Coffer.Clusters.Tests;

public sealed class InstanceModifyTests
{
    [Fact]
    public async Task Modify_InstanceClassAndPromotionTier_AreStoredAndDescribed()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("c", encrypted: true);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("i", "c"), default);

        var modified = await bed.Instances.ModifyAsync(bed.Alice, new ModifyInstanceRequest { Identifier = "I", InstanceClass = "db.r6g.large", PromotionTier = 0, ApplyImmediately = false }, default);
        var described = bed.Instances.Describe(bed.Alice, "i")[0];

        Assert.Equal(("db.r6g.large", 0, InstanceStatus.Available), (modified.Instance.InstanceClass, modified.Instance.PromotionTier, modified.Status));
        Assert.Equal(("db.r6g.large", 0), (described.Instance.InstanceClass, described.Instance.PromotionTier));
    }

    [Fact]
    public async Task Modify_ToDbT2MicroInAnEncryptedCluster_IsInvalidParameterCombination_ButAllowedInAnUnencryptedOne()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("enc", encrypted: true);
        await bed.AvailableClusterAsync("plain", encrypted: false);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("e", "enc"), default);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("p", "plain"), default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.ModifyAsync(bed.Alice, new ModifyInstanceRequest { Identifier = "e", InstanceClass = "db.t2.micro" }, default));
        var plain = await bed.Instances.ModifyAsync(bed.Alice, new ModifyInstanceRequest { Identifier = "p", InstanceClass = "db.t2.micro" }, default);

        Assert.Equal("InvalidParameterCombination", error.Code);
        Assert.Equal("DB Instance class db.t2.micro does not support encryption at rest", error.Message);
        Assert.Equal("db.r5.large", bed.Instances.Describe(bed.Alice, "e")[0].Instance.InstanceClass);
        Assert.Equal("db.t2.micro", plain.Instance.InstanceClass);
    }

    [Theory]
    [InlineData("alias/aws/rds", null)]
    [InlineData(null, "true")]
    public async Task Modify_WithKmsKeyIdOrStorageEncrypted_IsInvalidParameterCombination(string? keyId, string? encrypted)
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("c", encrypted: true);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("i", "c"), default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.ModifyAsync(bed.Alice, new ModifyInstanceRequest { Identifier = "i", KmsKeyId = keyId, StorageEncrypted = encrypted, InstanceClass = "db.t3.medium" }, default));

        Assert.Equal("InvalidParameterCombination", error.Code);
        Assert.Contains("encryption and KMS key are the cluster's", error.Message, StringComparison.Ordinal);
        Assert.Equal("db.r5.large", bed.Instances.Describe(bed.Alice, "i")[0].Instance.InstanceClass);
    }

    [Fact]
    public async Task Modify_WithNewIdentifier_RenamesTheInstanceAndItsArn_AndItsTagsFollow()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var cluster = await bed.AvailableClusterAsync("c", encrypted: false);
        var created = (await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("old", "c"), default)).Instance;
        await bed.Instances.AddTagsAsync(bed.Alice, created.Arn, new Dictionary<string, string> { ["role"] = "writer" }, default);

        var renamed = await bed.Instances.ModifyAsync(bed.Alice, new ModifyInstanceRequest { Identifier = created.Arn, NewIdentifier = "New" }, default);
        var gone = Assert.Throws<AwsServiceException>(() => bed.Instances.Describe(bed.Alice, "old"));

        Assert.Equal("arn:aws:rds:eu-west-1:111122223333:db:new", renamed.Instance.Arn);
        Assert.Equal(created.ResourceId, bed.Instances.Describe(bed.Alice, "new")[0].Instance.ResourceId);
        Assert.Equal("DBInstanceNotFound", gone.Code);
        Assert.Equal(new Dictionary<string, string> { ["role"] = "writer" }, bed.Instances.ListTags(bed.Alice, renamed.Instance.Arn));
        Assert.Equal(["new"], bed.Instances.Store.MembersOf(cluster.ResourceId).Select(i => i.Identifier));
    }

    [Fact]
    public async Task Modify_RenamingToATakenIdentifier_IsDbInstanceAlreadyExists_AndChangesNothing()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("c", encrypted: false);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("a", "c"), default);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("b", "c"), default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.ModifyAsync(bed.Alice, new ModifyInstanceRequest { Identifier = "a", NewIdentifier = "b", InstanceClass = "db.t3.medium" }, default));

        Assert.Equal("DBInstanceAlreadyExists", error.Code);
        Assert.Equal("db.r5.large", bed.Instances.Describe(bed.Alice, "a")[0].Instance.InstanceClass);
    }

    [Fact]
    public async Task Modify_AMemberOfAStoppedCluster_IsInvalidDbInstanceStateWithRdsMessage()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("c", encrypted: true);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("i", "c"), default);
        await bed.Clusters.StopClusterAsync(bed.Alice, "c", default);
        await bed.Clusters.DrainAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.ModifyAsync(bed.Alice, new ModifyInstanceRequest { Identifier = "i", InstanceClass = "db.t3.medium" }, default));

        Assert.Equal("InvalidDBInstanceState", error.Code);
        Assert.Equal("Database instance is not in available state.", error.Message);
    }

    [Fact]
    public async Task Modify_WithBadInput_IsRefusedWithAwsCodes()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        await bed.AvailableClusterAsync("c", encrypted: false);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("i", "c"), default);

        async Task<string> CodeAsync(ModifyInstanceRequest request) =>
            (await Assert.ThrowsAsync<AwsServiceException>(() => bed.Instances.ModifyAsync(bed.Alice, request, default))).Code;

        Assert.Equal("InvalidParameterValue", await CodeAsync(new ModifyInstanceRequest { Identifier = "i", InstanceClass = "db.m5.24xlarge" }));
        Assert.Equal("InvalidParameterValue", await CodeAsync(new ModifyInstanceRequest { Identifier = "i", PromotionTier = 16 }));
        Assert.Equal("InvalidParameterValue", await CodeAsync(new ModifyInstanceRequest { Identifier = "i", PromotionTier = -1 }));
        Assert.Equal("InvalidParameterValue", await CodeAsync(new ModifyInstanceRequest { Identifier = "i", NewIdentifier = "bad--name" }));
        Assert.Equal("DBInstanceNotFound", await CodeAsync(new ModifyInstanceRequest { Identifier = "nope", InstanceClass = "db.t3.medium" }));
    }
}
