using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// The seed's "Enabling Encryption for an Amazon Aurora DB Cluster", sentence by sentence, with the real <c>aws rds</c>
/// CLI and the default profile (no <c>--endpoint-url</c>).
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsClusterCliTests
{
    private static readonly string[] Master = ["--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!"];

    [Fact]
    public async Task CreateDbCluster_WithStorageEncrypted_IsEncryptedUnderTheDefaultKeyAndDescribeQueryPrintsTrueOrFalse()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var created = await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "mydb", "--storage-encrypted", .. Master]);
        await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "plain", .. Master]);
        var waited = await aws.RunAsync("rds", "wait", "db-cluster-available", "--db-cluster-identifier", "mydb");
        var encrypted = await aws.RunAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "mydb", "--query", "*[].{StorageEncrypted:StorageEncrypted}", "--output", "text");
        var plain = await aws.RunAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "plain", "--query", "*[].{StorageEncrypted:StorageEncrypted}", "--output", "text");
        var defaultKey = (await aws.RunJsonAsync("kms", "describe-key", "--key-id", "alias/aws/rds")).GetProperty("KeyMetadata").GetProperty("Arn").GetString();
        var cluster = created.GetProperty("DBCluster");

        Assert.Equal("creating", cluster.GetProperty("Status").GetString());
        Assert.Equal(defaultKey, cluster.GetProperty("KmsKeyId").GetString());
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal("True", encrypted.StandardOutput.Trim());
        Assert.Equal("False", plain.StandardOutput.Trim());
    }

    [Fact]
    public async Task CreateDbCluster_WithACustomerKeyAlias_ReturnsTheKeyArnAndGrantsRdsForThatClusterOnly()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata");
        await OkAsync(aws, "kms", "create-alias", "--alias-name", "alias/db", "--target-key-id", key.GetProperty("KeyId").GetString()!);

        var cluster = (await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "custom", "--storage-encrypted", "--kms-key-id", "alias/db", .. Master])).GetProperty("DBCluster");
        var grants = (await aws.RunJsonAsync("kms", "list-grants", "--key-id", key.GetProperty("KeyId").GetString()!)).GetProperty("Grants").EnumerateArray().ToList();

        Assert.Equal(key.GetProperty("Arn").GetString(), cluster.GetProperty("KmsKeyId").GetString());
        var grant = Assert.Single(grants);
        Assert.Equal("rds.eu-west-1.amazonaws.com", grant.GetProperty("GranteePrincipal").GetString());
        Assert.Equal(
            cluster.GetProperty("DbClusterResourceId").GetString(),
            grant.GetProperty("Constraints").GetProperty("EncryptionContextSubset").GetProperty("aws:rds:db-id").GetString());
    }

    [Fact]
    public async Task CreateDbCluster_WithAnUnusableKeyOrAnotherEngine_IsRefusedWithAwsCodes()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        await OkAsync(aws, "kms", "disable-key", "--key-id", key);

        var missing = await aws.RunAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "a", "--storage-encrypted", "--kms-key-id", "alias/nope", .. Master]);
        var disabled = await aws.RunAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "b", "--storage-encrypted", "--kms-key-id", key, .. Master]);
        var engine = await aws.RunAsync("rds", "create-db-cluster", "--db-cluster-identifier", "c", "--engine", "aurora-postgresql", "--master-username", "admin", "--master-user-password", "Passw0rd!");
        var none = await aws.RunAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "a");

        Assert.Contains("(KMSKeyNotAccessibleFault)", missing.StandardError, StringComparison.Ordinal);
        Assert.Contains("(KMSKeyNotAccessibleFault)", disabled.StandardError, StringComparison.Ordinal);
        Assert.Contains("(InvalidParameterValue)", engine.StandardError, StringComparison.Ordinal);
        Assert.Contains("(DBClusterNotFoundFault)", none.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteDbCluster_SkippingTheFinalSnapshot_IsGoneForTheDeletedWaiter()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "gone", "--storage-encrypted", .. Master]);
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "gone");

        var deleting = (await aws.RunJsonAsync("rds", "delete-db-cluster", "--db-cluster-identifier", "gone", "--skip-final-snapshot")).GetProperty("DBCluster");
        var waited = await aws.RunAsync("rds", "wait", "db-cluster-deleted", "--db-cluster-identifier", "gone");
        var volumes = Directory.Exists(Path.Combine(server.DataDirectory, "clusters")) ? Directory.GetDirectories(Path.Combine(server.DataDirectory, "clusters")) : [];

        Assert.Equal("deleting", deleting.GetProperty("Status").GetString());
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Empty(volumes);
    }

    [Fact]
    public async Task DescribeDbClusters_ListsItsInstanceAsWriterAndItsCurrentTags_AndDeleteIsRefusedWhileItHasOne()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var arn = (await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "members", "--storage-encrypted", "--tags", "Key=a,Value=1", .. Master]))
            .GetProperty("DBCluster").GetProperty("DBClusterArn").GetString()!;
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "members");
        await aws.RunJsonAsync("rds", "create-db-instance", "--db-instance-identifier", "members-1", "--db-cluster-identifier", "members", "--engine", "sqlite", "--db-instance-class", "db.r5.large");
        await OkAsync(aws, "rds", "add-tags-to-resource", "--resource-name", arn, "--tags", "Key=b,Value=2");

        var cluster = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "members")).GetProperty("DBClusters")[0];
        var delete = await aws.RunAsync("rds", "delete-db-cluster", "--db-cluster-identifier", "members", "--skip-final-snapshot");

        var member = Assert.Single(cluster.GetProperty("DBClusterMembers").EnumerateArray());
        Assert.Equal(("members-1", true), (member.GetProperty("DBInstanceIdentifier").GetString(), member.GetProperty("IsClusterWriter").GetBoolean()));
        Assert.Equal(["a=1", "b=2"], cluster.GetProperty("TagList").EnumerateArray().Select(t => $"{t.GetProperty("Key").GetString()}={t.GetProperty("Value").GetString()}"));
        Assert.Contains("(InvalidDBClusterStateFault)", delete.StandardError, StringComparison.Ordinal);
    }

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
