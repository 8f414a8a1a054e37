using Coffer.Keys.Crypto;
using Coffer.Keys.Grants;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Service;

/// <summary>The in-process channel through which Coffer's RDS creates a cluster's grant and then uses only that grant.</summary>
public sealed class KeyServiceServiceGrantTests
{
    private const string RdsPrincipal = "rds.us-east-1.amazonaws.com";

    /// <summary>Alice administers the key; Carol may only create grants for AWS resources, through RDS.</summary>
    private const string Policy = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:*","Resource":"*"},
          {"Sid":"rds","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/carol"},"Action":"kms:CreateGrant","Resource":"*",
           "Condition":{"StringEquals":{"kms:ViaService":"rds.us-east-1.amazonaws.com"},"Bool":{"kms:GrantIsForAWSResource":"true"}}}]}
        """;

    private static readonly GrantOperation[] ClusterOperations = [GrantOperation.GenerateDataKey, GrantOperation.Decrypt];

    private static EncryptionContext Cluster(string id) => EncryptionContext.Create(new Dictionary<string, string> { ["aws:rds:dbc-id"] = id });

    private static GrantConstraints ClusterConstraint(string id) => new() { EncryptionContextSubset = new Dictionary<string, string> { ["aws:rds:dbc-id"] = id } };

    [Fact]
    public async Task CreateServiceGrant_ViaRds_LetsRdsUseTheKeyForThatClusterOnly()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, Policy, string.Empty, false, new Dictionary<string, string>(), default);
        var carol = bed.Alice with { PrincipalArn = "arn:aws:iam::111122223333:user/carol" };

        var grant = await bed.Keys.CreateServiceGrantAsync(carol.Via("rds"), key.KeyId, RdsPrincipal, ClusterOperations, ClusterConstraint("cluster-1"), null, default);
        using var dataKey = await bed.Keys.GenerateDataKeyAsync(carol.Via("rds"), key.Arn, null, "AES_256", Cluster("cluster-1"), null, true, false, default);
        using var decrypted = await bed.Keys.DecryptAsync(carol.Via("rds"), dataKey.CiphertextBlob, Cluster("cluster-1"), null, null, false, default);
        var otherCluster = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GenerateDataKeyAsync(carol.Via("rds"), key.Arn, null, "AES_256", Cluster("cluster-2"), null, true, false, default));
        var direct = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DecryptAsync(carol, dataKey.CiphertextBlob, Cluster("cluster-1"), null, null, false, default));
        var (grants, _, _) = await bed.Keys.ListGrantsAsync(bed.Alice, key.KeyId, grant.GrantId, null, 50, null, default);

        Assert.Equal(dataKey.Plaintext!.ReadOnlySpan.ToArray(), decrypted.Plaintext.ReadOnlySpan.ToArray());
        Assert.Equal(KmsErrors.Codes.AccessDenied, otherCluster.Code);
        Assert.Equal(KmsErrors.Codes.AccessDenied, direct.Code);
        Assert.Equal(RdsPrincipal, Assert.Single(grants).GranteePrincipal);
        Assert.Equal(bed.Alice.Account, grants[0].IssuingAccount);
    }

    [Fact]
    public async Task ServiceGrant_UsedThroughRdsByAnotherAccount_IsDenied()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, Policy, string.Empty, false, new Dictionary<string, string>(), default);
        var carol = bed.Alice with { PrincipalArn = "arn:aws:iam::111122223333:user/carol" };
        await bed.Keys.CreateServiceGrantAsync(carol.Via("rds"), key.KeyId, RdsPrincipal, ClusterOperations, ClusterConstraint("cluster-1"), null, default);

        // Bob's account reaches RDS too; the grant to rds.us-east-1.amazonaws.com serves Alice's account only.
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GenerateDataKeyAsync(bed.Bob.Via("rds"), key.Arn, null, "AES_256", Cluster("cluster-1"), null, true, false, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, error.Code);
    }

    [Fact]
    public async Task CreateGrant_ByADirectCaller_CannotMeetTheViaServiceCondition()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, Policy, string.Empty, false, new Dictionary<string, string>(), default);
        var carol = bed.Alice with { PrincipalArn = "arn:aws:iam::111122223333:user/carol" };
        var input = new CreateGrantInput { GranteePrincipal = carol.PrincipalArn, Operations = ["Decrypt"] };

        var direct = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateGrantAsync(carol, key.KeyId, input, false, default));
        var viaRdsButNotForAResource = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateGrantAsync(carol.Via("rds"), key.KeyId, input, false, default));
        var viaAnotherService = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateServiceGrantAsync(carol.Via("s3"), key.KeyId, RdsPrincipal, ClusterOperations, null, null, default));
        var noService = await Assert.ThrowsAsync<ArgumentException>(() => bed.Keys.CreateServiceGrantAsync(carol, key.KeyId, RdsPrincipal, ClusterOperations, null, null, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, direct.Code);
        Assert.Equal(KmsErrors.Codes.AccessDenied, viaRdsButNotForAResource.Code);
        Assert.Equal(KmsErrors.Codes.AccessDenied, viaAnotherService.Code);
        Assert.Equal("callerViaService", noService.ParamName);
    }

    [Fact]
    public async Task CreateServiceGrant_OnTheAwsManagedRdsKey_CreatesItAndWorksViaRds()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();

        var grant = await bed.Keys.CreateServiceGrantAsync(bed.Alice.Via("rds"), "alias/aws/rds", RdsPrincipal, ClusterOperations, ClusterConstraint("cluster-9"), "cluster-9", default);
        var again = await bed.Keys.CreateServiceGrantAsync(bed.Alice.Via("rds"), "alias/aws/rds", RdsPrincipal, ClusterOperations, ClusterConstraint("cluster-9"), "cluster-9", default);
        using var dataKey = await bed.Keys.GenerateDataKeyAsync(bed.Alice.Via("rds"), "alias/aws/rds", 32, null, Cluster("cluster-9"), null, true, false, default);

        Assert.Equal(grant.GrantId, again.GrantId);
        Assert.Equal(grant.KeyArn, dataKey.KeyArn);
    }
}
