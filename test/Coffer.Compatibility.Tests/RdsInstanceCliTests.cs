using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// DB instances of a cluster with the real <c>aws rds</c> CLI: "every instance of the cluster reports the cluster's
/// encryption and key", the instance-level encryption errors, and tags on cluster and instance ARNs.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsInstanceCliTests
{
    private static readonly string[] Master = ["--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!"];

    [Fact]
    public async Task CreateDbInstance_InAnEncryptedCluster_IsAvailableForTheWaiterAndReportsTheClustersEncryptionAndKeyArn()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var cluster = await EncryptedClusterAsync(aws, "enc");

        var created = (await aws.RunJsonAsync("rds", "create-db-instance", "--db-instance-identifier", "enc-1", "--db-cluster-identifier", "enc", "--engine", "sqlite", "--db-instance-class", "db.r5.large")).GetProperty("DBInstance");
        var waited = await aws.RunAsync("rds", "wait", "db-instance-available", "--db-instance-identifier", "enc-1");
        var described = (await aws.RunJsonAsync("rds", "describe-db-instances", "--db-instance-identifier", "enc-1")).GetProperty("DBInstances")[0];
        var query = await aws.RunAsync("rds", "describe-db-instances", "--filters", "Name=db-cluster-id,Values=enc", "--query", "*[].{StorageEncrypted:StorageEncrypted}", "--output", "text");

        Assert.Equal("creating", created.GetProperty("DBInstanceStatus").GetString());
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal("available", described.GetProperty("DBInstanceStatus").GetString());
        Assert.True(described.GetProperty("StorageEncrypted").GetBoolean());
        Assert.Equal(cluster.GetProperty("KmsKeyId").GetString(), described.GetProperty("KmsKeyId").GetString());
        Assert.Equal("enc", described.GetProperty("DBClusterIdentifier").GetString());
        Assert.StartsWith("db-", described.GetProperty("DbiResourceId").GetString(), StringComparison.Ordinal);
        Assert.Equal("True", query.StandardOutput.Trim());
    }

    [Fact]
    public async Task CreateDbInstance_WithKmsKeyIdOrDbT2MicroInAnEncryptedCluster_IsInvalidParameterCombination()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var cluster = await EncryptedClusterAsync(aws, "enc");

        var withKey = await aws.RunAsync("rds", "create-db-instance", "--db-instance-identifier", "k", "--db-cluster-identifier", "enc", "--engine", "sqlite", "--db-instance-class", "db.r5.large", "--kms-key-id", cluster.GetProperty("KmsKeyId").GetString()!);
        var micro = await aws.RunAsync("rds", "create-db-instance", "--db-instance-identifier", "m", "--db-cluster-identifier", "enc", "--engine", "sqlite", "--db-instance-class", "db.t2.micro");
        var none = await aws.RunAsync("rds", "describe-db-instances", "--db-instance-identifier", "m");

        Assert.Contains("(InvalidParameterCombination)", withKey.StandardError, StringComparison.Ordinal);
        Assert.Contains("storage encryption key should not be set directly", withKey.StandardError, StringComparison.Ordinal);
        Assert.Contains("(InvalidParameterCombination)", micro.StandardError, StringComparison.Ordinal);
        Assert.Contains("DB Instance class db.t2.micro does not support encryption at rest", micro.StandardError, StringComparison.Ordinal);
        Assert.Contains("(DBInstanceNotFound)", none.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_OnClusterAndInstanceArns_RoundTripThroughAddListRemove()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var cluster = await EncryptedClusterAsync(aws, "tagged");
        var instance = (await aws.RunJsonAsync("rds", "create-db-instance", "--db-instance-identifier", "tagged-1", "--db-cluster-identifier", "tagged", "--engine", "sqlite", "--db-instance-class", "db.t3.medium", "--tags", "Key=role,Value=writer")).GetProperty("DBInstance");
        var clusterArn = cluster.GetProperty("DBClusterArn").GetString()!;
        var instanceArn = instance.GetProperty("DBInstanceArn").GetString()!;

        await OkAsync(aws, "rds", "add-tags-to-resource", "--resource-name", clusterArn, "--tags", "Key=team,Value=data", "Key=env,Value=prod");
        await OkAsync(aws, "rds", "add-tags-to-resource", "--resource-name", instanceArn, "--tags", "Key=env,Value=prod");
        await OkAsync(aws, "rds", "remove-tags-from-resource", "--resource-name", clusterArn, "--tag-keys", "team");
        var clusterTags = await TagsAsync(aws, clusterArn);
        var instanceTags = await TagsAsync(aws, instanceArn);
        var missing = await aws.RunAsync("rds", "list-tags-for-resource", "--resource-name", instanceArn.Replace("tagged-1", "nope", StringComparison.Ordinal));

        Assert.Equal(["env=prod", "seed=yes"], clusterTags);
        Assert.Equal(["env=prod", "role=writer"], instanceTags);
        Assert.Contains("(DBInstanceNotFound)", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeOrderableDbInstanceOptions_ForSqlite_SaysDbT2MicroDoesNotSupportStorageEncryption()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var options = (await aws.RunJsonAsync("rds", "describe-orderable-db-instance-options", "--engine", "sqlite")).GetProperty("OrderableDBInstanceOptions").EnumerateArray()
            .ToDictionary(o => o.GetProperty("DBInstanceClass").GetString()!, o => o.GetProperty("SupportsStorageEncryption").GetBoolean());

        Assert.False(options["db.t2.micro"]);
        Assert.True(options["db.r5.large"]);
    }

    [Fact]
    public async Task RebootAndDeleteDbInstance_AnswerRebootingAndDeleting_ThenTheInstanceIsGone()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await EncryptedClusterAsync(aws, "life");
        await aws.RunJsonAsync("rds", "create-db-instance", "--db-instance-identifier", "life-1", "--db-cluster-identifier", "life", "--engine", "sqlite", "--db-instance-class", "db.r6g.large");

        var rebooting = (await aws.RunJsonAsync("rds", "reboot-db-instance", "--db-instance-identifier", "life-1")).GetProperty("DBInstance");
        var deleting = (await aws.RunJsonAsync("rds", "delete-db-instance", "--db-instance-identifier", "life-1")).GetProperty("DBInstance");
        var waited = await aws.RunAsync("rds", "wait", "db-instance-deleted", "--db-instance-identifier", "life-1");

        Assert.Equal("rebooting", rebooting.GetProperty("DBInstanceStatus").GetString());
        Assert.Equal("deleting", deleting.GetProperty("DBInstanceStatus").GetString());
        Assert.True(waited.ExitCode == 0, waited.ToString());
    }

    private static async Task<System.Text.Json.JsonElement> EncryptedClusterAsync(AwsCli aws, string identifier)
    {
        var cluster = (await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", identifier, "--storage-encrypted", "--tags", "Key=seed,Value=yes", .. Master])).GetProperty("DBCluster");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", identifier);
        return cluster;
    }

    private static async Task<List<string>> TagsAsync(AwsCli aws, string arn) =>
        [.. (await aws.RunJsonAsync("rds", "list-tags-for-resource", "--resource-name", arn)).GetProperty("TagList").EnumerateArray()
            .Select(t => $"{t.GetProperty("Key").GetString()}={t.GetProperty("Value").GetString()}").Order(StringComparer.Ordinal)];

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
