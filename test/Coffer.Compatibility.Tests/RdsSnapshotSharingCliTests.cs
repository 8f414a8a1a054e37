using System.Text.Json;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// The seed's snapshot sentences with the real <c>aws rds</c> CLI: "If you copy an encrypted snapshot, you can use a
/// different KMS key", "You can't share a snapshot that has been encrypted using the AWS managed key", "copying a
/// snapshot to another account … the KMS key needs to be shared with the other account", and "To copy an encrypted
/// snapshot from one AWS Region to another, you must specify the KMS key in the destination AWS Region".
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsSnapshotSharingCliTests
{
    private static readonly string[] Master = ["--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!"];

    [Fact]
    public async Task CopyDbClusterSnapshot_WithADifferentKey_RestoresAClusterThatReportsTheNewKey()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var source = await SnapshotAsync(aws, "mydb", "mydb-snap", "--storage-encrypted");
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;

        var copy = (await aws.RunJsonAsync("rds", "copy-db-cluster-snapshot", "--source-db-cluster-snapshot-identifier", "mydb-snap",
            "--target-db-cluster-snapshot-identifier", "mydb-rekeyed", "--kms-key-id", key, "--copy-tags")).GetProperty("DBClusterSnapshot");
        await OkAsync(aws, "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "mydb-rekeyed");
        var copied = (await aws.RunJsonAsync("rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", "mydb-rekeyed")).GetProperty("DBClusterSnapshots")[0];
        await aws.RunJsonAsync("rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", "mydb-2", "--snapshot-identifier", "mydb-rekeyed", "--engine", "sqlite");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "mydb-2");
        var cluster = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "mydb-2")).GetProperty("DBClusters")[0];

        Assert.Equal("copying", copy.GetProperty("Status").GetString());
        Assert.Equal(source.GetProperty("DBClusterSnapshotArn").GetString(), copy.GetProperty("SourceDBClusterSnapshotArn").GetString());
        Assert.Equal(("available", 100, "manual"), (copied.GetProperty("Status").GetString(), copied.GetProperty("PercentProgress").GetInt32(), copied.GetProperty("SnapshotType").GetString()));
        Assert.Equal(key, copied.GetProperty("KmsKeyId").GetString());
        Assert.NotEqual(source.GetProperty("KmsKeyId").GetString(), key);
        Assert.Equal(["team=db"], Tags(copied));
        Assert.True(cluster.GetProperty("StorageEncrypted").GetBoolean());
        Assert.Equal(key, cluster.GetProperty("KmsKeyId").GetString());
    }

    [Fact]
    public async Task CopyDbClusterSnapshot_OfAnUnencryptedSnapshotWithAKmsKeyId_IsRefused()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await SnapshotAsync(aws, "plain", "plain-snap");
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;

        var refused = await aws.RunAsync("rds", "copy-db-cluster-snapshot", "--source-db-cluster-snapshot-identifier", "plain-snap", "--target-db-cluster-snapshot-identifier", "plain-enc", "--kms-key-id", key);
        var copy = (await aws.RunJsonAsync("rds", "copy-db-cluster-snapshot", "--source-db-cluster-snapshot-identifier", "plain-snap", "--target-db-cluster-snapshot-identifier", "plain-copy")).GetProperty("DBClusterSnapshot");

        Assert.Contains("(InvalidParameterCombination)", refused.StandardError, StringComparison.Ordinal);
        Assert.False(copy.GetProperty("StorageEncrypted").GetBoolean());
        Assert.False(copy.TryGetProperty("KmsKeyId", out _));
    }

    [Fact]
    public async Task SharedSnapshot_AccountBSeesItWhenAsked_RestoresItByArnWhenTheKeyPolicyAllowsB_AndCopiesItOnlyWithItsOwnKey()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var created = await CofferExecutable.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);
        Assert.True(created.ExitCode == 0, created.ToString());
        var accountA = (await aws.RunJsonAsync("sts", "get-caller-identity")).GetProperty("Account").GetString()!;
        var accountB = (await aws.RunJsonAsync("--profile", "team-b", "sts", "get-caller-identity")).GetProperty("Account").GetString()!;
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{accountA}}:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"Account B","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{accountB}}:root"},
               "Action":["kms:Decrypt","kms:DescribeKey","kms:CreateGrant","kms:GenerateDataKey*","kms:ReEncrypt*"],"Resource":"*"}]}
            """;
        var sharedKey = (await aws.RunJsonAsync("kms", "create-key", "--policy", policy)).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var snapshot = await SnapshotAsync(aws, "shared", "shared-snap", "--storage-encrypted", "--kms-key-id", sharedKey);
        var arn = snapshot.GetProperty("DBClusterSnapshotArn").GetString()!;
        var keyB = (await aws.RunJsonAsync("--profile", "team-b", "kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;

        var modified = await aws.RunJsonAsync("rds", "modify-db-cluster-snapshot-attribute", "--db-cluster-snapshot-identifier", "shared-snap", "--attribute-name", "restore", "--values-to-add", accountB);
        var attributes = await aws.RunJsonAsync("rds", "describe-db-cluster-snapshot-attributes", "--db-cluster-snapshot-identifier", "shared-snap");
        var ownOnly = await aws.RunJsonAsync("--profile", "team-b", "rds", "describe-db-cluster-snapshots");
        var included = await aws.RunJsonAsync("--profile", "team-b", "rds", "describe-db-cluster-snapshots", "--include-shared");
        var byType = await aws.RunJsonAsync("--profile", "team-b", "rds", "describe-db-cluster-snapshots", "--snapshot-type", "shared");
        await aws.RunJsonAsync("--profile", "team-b", "rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", "from-a", "--snapshot-identifier", arn, "--engine", "sqlite");
        var restored = await aws.RunAsync("--profile", "team-b", "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "from-a");
        var copyWithoutKey = await aws.RunAsync("--profile", "team-b", "rds", "copy-db-cluster-snapshot", "--source-db-cluster-snapshot-identifier", arn, "--target-db-cluster-snapshot-identifier", "mine");
        var copy = (await aws.RunJsonAsync("--profile", "team-b", "rds", "copy-db-cluster-snapshot", "--source-db-cluster-snapshot-identifier", arn,
            "--target-db-cluster-snapshot-identifier", "mine", "--kms-key-id", keyB)).GetProperty("DBClusterSnapshot");
        var copied = await aws.RunAsync("--profile", "team-b", "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "mine");

        Assert.Equal([accountB], AttributeValues(modified));
        Assert.Equal([accountB], AttributeValues(attributes));
        Assert.Empty(ownOnly.GetProperty("DBClusterSnapshots").EnumerateArray());
        Assert.Equal([arn], included.GetProperty("DBClusterSnapshots").EnumerateArray().Select(s => s.GetProperty("DBClusterSnapshotArn").GetString()));
        Assert.Equal([arn], byType.GetProperty("DBClusterSnapshots").EnumerateArray().Select(s => s.GetProperty("DBClusterSnapshotArn").GetString()));
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Contains("(InvalidParameterValue)", copyWithoutKey.StandardError, StringComparison.Ordinal);
        Assert.Equal(keyB, copy.GetProperty("KmsKeyId").GetString());
        Assert.StartsWith($"arn:aws:rds:eu-west-1:{accountB}:cluster-snapshot:mine", copy.GetProperty("DBClusterSnapshotArn").GetString(), StringComparison.Ordinal);
        Assert.True(copied.ExitCode == 0, copied.ToString());
    }

    [Fact]
    public async Task ModifyDbClusterSnapshotAttribute_OfASnapshotUnderAwsRds_OrWithAllOnAnEncryptedOne_IsRefused()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await SnapshotAsync(aws, "default-key", "default-snap", "--storage-encrypted");
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        await SnapshotAsync(aws, "customer-key", "customer-snap", "--storage-encrypted", "--kms-key-id", key);

        var managed = await aws.RunAsync("rds", "modify-db-cluster-snapshot-attribute", "--db-cluster-snapshot-identifier", "default-snap", "--attribute-name", "restore", "--values-to-add", "444455556666");
        var all = await aws.RunAsync("rds", "modify-db-cluster-snapshot-attribute", "--db-cluster-snapshot-identifier", "customer-snap", "--attribute-name", "restore", "--values-to-add", "all");
        var otherName = await aws.RunAsync("rds", "modify-db-cluster-snapshot-attribute", "--db-cluster-snapshot-identifier", "customer-snap", "--attribute-name", "copy", "--values-to-add", "444455556666");
        var attributes = await aws.RunJsonAsync("rds", "describe-db-cluster-snapshot-attributes", "--db-cluster-snapshot-identifier", "customer-snap");

        Assert.Contains("(InvalidParameterValue)", managed.StandardError, StringComparison.Ordinal);
        Assert.Contains("aws/rds", managed.StandardError, StringComparison.Ordinal);
        Assert.Contains("(InvalidParameterValue)", all.StandardError, StringComparison.Ordinal);
        Assert.Contains("(InvalidParameterValue)", otherName.StandardError, StringComparison.Ordinal);
        Assert.Empty(AttributeValues(attributes));
    }

    [Fact]
    public async Task CopyDbClusterSnapshot_AcrossRegions_WithoutADestinationKeyIsRefused_AndWithOneWorks()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var arn = (await SnapshotAsync(aws, "west", "west-snap", "--storage-encrypted")).GetProperty("DBClusterSnapshotArn").GetString()!;
        var eastKey = (await aws.RunJsonAsync("--region", "eu-central-1", "kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var westKey = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        string[] copy = ["--region", "eu-central-1", "rds", "copy-db-cluster-snapshot", "--source-db-cluster-snapshot-identifier", arn, "--target-db-cluster-snapshot-identifier", "east-snap", "--source-region", "eu-west-1"];

        var withoutKey = await aws.RunAsync(copy);
        var westernKey = await aws.RunAsync([.. copy, "--kms-key-id", westKey]);
        var copied = (await aws.RunJsonAsync([.. copy, "--kms-key-id", eastKey])).GetProperty("DBClusterSnapshot");
        var waited = await aws.RunAsync("--region", "eu-central-1", "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "east-snap");

        Assert.Contains("(InvalidParameterValue)", withoutKey.StandardError, StringComparison.Ordinal);
        Assert.Contains("Must specify new KMS key for cross region encrypted snapshot copy.", withoutKey.StandardError, StringComparison.Ordinal);
        Assert.Contains("(KMSKeyNotAccessibleFault)", westernKey.StandardError, StringComparison.Ordinal);
        Assert.StartsWith("arn:aws:rds:eu-central-1:", copied.GetProperty("DBClusterSnapshotArn").GetString(), StringComparison.Ordinal);
        Assert.Equal((arn, eastKey), (copied.GetProperty("SourceDBClusterSnapshotArn").GetString(), copied.GetProperty("KmsKeyId").GetString()));
        Assert.True(waited.ExitCode == 0, waited.ToString());
    }

    /// <summary>Creates a cluster, waits for it, snapshots it (tagged team=db) and waits for the snapshot; returns the snapshot.</summary>
    private static async Task<JsonElement> SnapshotAsync(AwsCli aws, string cluster, string snapshot, params string[] encryption)
    {
        await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", cluster, .. encryption, .. Master]);
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", cluster);
        await aws.RunJsonAsync("rds", "create-db-cluster-snapshot", "--db-cluster-identifier", cluster, "--db-cluster-snapshot-identifier", snapshot, "--tags", "Key=team,Value=db");
        await OkAsync(aws, "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", snapshot);
        return (await aws.RunJsonAsync("rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", snapshot)).GetProperty("DBClusterSnapshots")[0];
    }

    private static List<string?> AttributeValues(JsonElement result)
    {
        var attribute = Assert.Single(result.GetProperty("DBClusterSnapshotAttributesResult").GetProperty("DBClusterSnapshotAttributes").EnumerateArray());
        Assert.Equal("restore", attribute.GetProperty("AttributeName").GetString());
        return attribute.TryGetProperty("AttributeValues", out var values) ? values.EnumerateArray().Select(v => v.GetString()).ToList() : [];
    }

    private static IEnumerable<string> Tags(JsonElement snapshot) =>
        snapshot.GetProperty("TagList").EnumerateArray().Select(t => $"{t.GetProperty("Key").GetString()}={t.GetProperty("Value").GetString()}");

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
