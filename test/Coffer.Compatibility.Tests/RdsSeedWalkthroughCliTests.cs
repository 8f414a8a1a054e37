using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// Seed sentences that hold in the walkthrough (<c>docs/seed-walkthrough.md</c>) but had no CLI test: "set the
/// --kms-key-id parameter to any key identifier for the KMS key", "To use a customer managed key in a different AWS
/// account, specify the key ARN or alias ARN", "Your AWS account has a different AWS managed key for Amazon Aurora for
/// each AWS Region", and "Revoking access to the key after you create the DB cluster does not affect the cluster.
/// However, disabling the key impacts all DB clusters encrypted with that key. To prevent this, specify a different
/// key during the snapshot copy operation."
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsSeedWalkthroughCliTests
{
    private static readonly string[] Master = ["--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!"];

    [Fact]
    public async Task CreateDbCluster_WithEveryKeyIdForm_ReportsTheKeyArn_AndAnotherAccountsKeyOnlyByKeyArnOrAliasArn()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var (accountA, accountB) = await SecondAccountAsync(server, aws);
        var key = await KeyArnAsync(aws);
        await aws.RunAsync("kms", "create-alias", "--alias-name", "alias/seed", "--target-key-id", key);
        var keyB = await KeyArnAsync(aws, "--profile", "team-b", "--policy", PolicyFor(accountB, accountA));
        await aws.RunAsync("--profile", "team-b", "kms", "create-alias", "--alias-name", "alias/bkey", "--target-key-id", keyB);

        var ownForms = new List<string?>();
        foreach (var (name, id) in new[] { ("by-id", key[(key.LastIndexOf('/') + 1)..]), ("by-arn", key), ("by-alias", "alias/seed"), ("by-alias-arn", $"arn:aws:kms:eu-west-1:{accountA}:alias/seed") })
        {
            ownForms.Add(await CreateAsync(aws, name, id));
        }
        var otherByArn = await CreateAsync(aws, "b-by-arn", keyB);
        var otherByAliasArn = await CreateAsync(aws, "b-by-alias-arn", $"arn:aws:kms:eu-west-1:{accountB}:alias/bkey");
        var otherById = await aws.RunAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "b-by-id", "--storage-encrypted", "--kms-key-id", keyB[(keyB.LastIndexOf('/') + 1)..], .. Master]);
        var otherByAlias = await aws.RunAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "b-by-alias", "--storage-encrypted", "--kms-key-id", "alias/bkey", .. Master]);

        Assert.Equal([key, key, key, key], ownForms);
        Assert.Equal((keyB, keyB), (otherByArn, otherByAliasArn));
        Assert.Contains("(KMSKeyNotAccessibleFault)", otherById.StandardError, StringComparison.Ordinal);
        Assert.Contains("(KMSKeyNotAccessibleFault)", otherByAlias.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsManagedRdsKey_IsADifferentKeyInEachRegion()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var west = (await aws.RunJsonAsync("kms", "describe-key", "--key-id", "alias/aws/rds")).GetProperty("KeyMetadata");
        var central = (await aws.RunJsonAsync("--region", "eu-central-1", "kms", "describe-key", "--key-id", "alias/aws/rds")).GetProperty("KeyMetadata");

        Assert.Equal(("AWS", "AWS"), (west.GetProperty("KeyManager").GetString(), central.GetProperty("KeyManager").GetString()));
        Assert.StartsWith("arn:aws:kms:eu-west-1:", west.GetProperty("Arn").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("arn:aws:kms:eu-central-1:", central.GetProperty("Arn").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(west.GetProperty("KeyId").GetString(), central.GetProperty("KeyId").GetString());
    }

    [Fact]
    public async Task SharedSnapshot_RevokingBsKeyAccessLeavesItsClusterRunning_DisablingTheKeyDoesNot_AndACopyUnderBsKeyIsUnaffected()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var (accountA, accountB) = await SecondAccountAsync(server, aws);
        var key = await KeyArnAsync(aws, "--policy", PolicyFor(accountA, accountB));
        var keyB = await KeyArnAsync(aws, "--profile", "team-b");
        await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "src", "--storage-encrypted", "--kms-key-id", key, .. Master]);
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "src");
        var arn = (await aws.RunJsonAsync("rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "src", "--db-cluster-snapshot-identifier", "src-snap"))
            .GetProperty("DBClusterSnapshot").GetProperty("DBClusterSnapshotArn").GetString()!;
        await OkAsync(aws, "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "src-snap");
        await aws.RunJsonAsync("rds", "modify-db-cluster-snapshot-attribute", "--db-cluster-snapshot-identifier", "src-snap", "--attribute-name", "restore", "--values-to-add", accountB);

        var restored = (await aws.RunJsonAsync("--profile", "team-b", "rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", "from-a", "--snapshot-identifier", arn, "--engine", "sqlite")).GetProperty("DBCluster");
        await aws.RunJsonAsync("--profile", "team-b", "rds", "copy-db-cluster-snapshot", "--source-db-cluster-snapshot-identifier", arn, "--target-db-cluster-snapshot-identifier", "mine", "--kms-key-id", keyB);
        await OkAsync(aws, "--profile", "team-b", "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "mine");
        await aws.RunJsonAsync("--profile", "team-b", "rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", "own", "--snapshot-identifier", "mine", "--engine", "sqlite");
        await OkAsync(aws, "--profile", "team-b", "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "from-a");
        await OkAsync(aws, "--profile", "team-b", "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "own");

        await OkAsync(aws, "kms", "put-key-policy", "--key-id", key, "--policy-name", "default", "--policy", PolicyFor(accountA));
        await aws.RunJsonAsync("--profile", "team-b", "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "from-a", "--db-cluster-snapshot-identifier", "after-revoke");
        var snapshotAfterRevoke = await aws.RunAsync("--profile", "team-b", "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "after-revoke");
        var afterRevoke = await StatusAsync(aws, "from-a");

        await OkAsync(aws, "kms", "disable-key", "--key-id", key);
        var (fromA, own) = (await StatusAsync(aws, "from-a"), await StatusAsync(aws, "own"));

        Assert.Equal(key, restored.GetProperty("KmsKeyId").GetString());
        Assert.True(snapshotAfterRevoke.ExitCode == 0, snapshotAfterRevoke.ToString());
        Assert.Equal("available", afterRevoke);
        Assert.Equal(("inaccessible-encryption-credentials-recoverable", "available"), (fromA, own));
    }

    private static async Task<(string AccountA, string AccountB)> SecondAccountAsync(CofferTestServer server, AwsCli aws)
    {
        var created = await CofferExecutable.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);
        Assert.True(created.ExitCode == 0, created.ToString());
        return ((await aws.RunJsonAsync("sts", "get-caller-identity")).GetProperty("Account").GetString()!,
            (await aws.RunJsonAsync("--profile", "team-b", "sts", "get-caller-identity")).GetProperty("Account").GetString()!);
    }

    /// <summary>A key policy giving <paramref name="owner"/> everything and <paramref name="user"/>, if any, RDS's uses of the key.</summary>
    private static string PolicyFor(string owner, string? user = null) =>
        $$"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{owner}}:root"},"Action":"kms:*","Resource":"*"}
        """
        + (user is null ? "" : $$"""
          ,{"Sid":"User","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{user}}:root"},
           "Action":["kms:Decrypt","kms:DescribeKey","kms:CreateGrant","kms:GenerateDataKey*","kms:ReEncrypt*"],"Resource":"*"}
        """) + "]}";

    private static async Task<string> KeyArnAsync(AwsCli aws, params string[] options)
    {
        string[] profile = options.Length >= 2 && options[0] == "--profile" ? options[..2] : [];
        string[] rest = profile.Length == 0 ? options : options[2..];
        return (await aws.RunJsonAsync([.. profile, "kms", "create-key", .. rest])).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
    }

    private static async Task<string?> CreateAsync(AwsCli aws, string cluster, string keyId) =>
        (await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", cluster, "--storage-encrypted", "--kms-key-id", keyId, .. Master]))
            .GetProperty("DBCluster").GetProperty("KmsKeyId").GetString();

    private static async Task<string?> StatusAsync(AwsCli aws, string cluster) =>
        (await aws.RunJsonAsync("--profile", "team-b", "rds", "describe-db-clusters", "--db-cluster-identifier", cluster)).GetProperty("DBClusters")[0].GetProperty("Status").GetString();

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
