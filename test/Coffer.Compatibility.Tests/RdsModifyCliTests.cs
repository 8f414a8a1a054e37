using System.Diagnostics;
using System.Text.Json;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// <c>aws rds modify-db-cluster</c> and <c>modify-db-instance</c> with the real CLI, and a hand-made ModifyDBCluster
/// (boto3 with an extra parameter slipped past its model) that tries to change the cluster's key.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsModifyCliTests
{
    private static readonly string[] Master = ["--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!"];

    [Fact]
    public async Task ModifyDbCluster_WithANewIdentifier_IsDescribedByTheNewNameOnly_AndPrintsWhatDescribePrints()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await AvailableClusterAsync(aws, "before");
        await aws.RunJsonAsync("rds", "create-db-instance", "--db-instance-identifier", "before-1", "--db-cluster-identifier", "before", "--engine", "sqlite", "--db-instance-class", "db.r5.large");

        var modified = (await aws.RunJsonAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "before", "--new-db-cluster-identifier", "after", "--backup-retention-period", "7", "--apply-immediately")).GetProperty("DBCluster");
        var described = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "after")).GetProperty("DBClusters")[0];
        var old = await aws.RunAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "before");
        var member = (await aws.RunJsonAsync("rds", "describe-db-instances", "--db-instance-identifier", "before-1")).GetProperty("DBInstances")[0];

        Assert.Equal("after", modified.GetProperty("DBClusterIdentifier").GetString());
        Assert.EndsWith(":cluster:after", described.GetProperty("DBClusterArn").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, described.GetProperty("BackupRetentionPeriod").GetInt32());
        Assert.True(JsonElement.DeepEquals(AtRest(modified), AtRest(described)), $"{modified}\n---\n{described}");
        Assert.Contains("(DBClusterNotFoundFault)", old.StandardError, StringComparison.Ordinal);
        Assert.Equal("after", member.GetProperty("DBClusterIdentifier").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("36")]
    public async Task ModifyDbCluster_WithARetentionOutside1To35_IsInvalidParameterValue(string days)
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await AvailableClusterAsync(aws, "kept");

        var result = await aws.RunAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "kept", "--backup-retention-period", days);
        var retention = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "kept")).GetProperty("DBClusters")[0].GetProperty("BackupRetentionPeriod").GetInt32();

        Assert.Contains("(InvalidParameterValue)", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, retention);
    }

    [Fact]
    public async Task ModifyDbCluster_WithParametersCofferCannotApply_IsInvalidParameterCombinationNamingThem_AndChangesNothing()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await AvailableClusterAsync(aws, "strict");
        var version = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "strict")).GetProperty("DBClusters")[0].GetProperty("EngineVersion").GetString()!;

        var port = await aws.RunAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "strict", "--port", "3307", "--deletion-protection", "--preferred-backup-window", "03:00-03:30");
        var groups = await aws.RunAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "strict", "--vpc-security-group-ids", "sg-1", "sg-2", "--cloudwatch-logs-export-configuration", "EnableLogTypes=postgresql");
        var upgrade = await aws.RunAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "strict", "--engine-version", "99.0", "--allow-major-version-upgrade");
        var untouched = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "strict")).GetProperty("DBClusters")[0];
        var applied = (await aws.RunJsonAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "strict", "--engine-version", version, "--allow-major-version-upgrade",
            "--deletion-protection", "--preferred-backup-window", "03:00-03:30", "--copy-tags-to-snapshot", "--apply-immediately")).GetProperty("DBCluster");

        Assert.Contains("(InvalidParameterCombination)", port.StandardError, StringComparison.Ordinal);
        Assert.Contains("Coffer cannot modify Port of a DB cluster, so nothing was modified", port.StandardError, StringComparison.Ordinal);
        Assert.Contains("Coffer cannot modify VpcSecurityGroupIds, CloudwatchLogsExportConfiguration of a DB cluster", groups.StandardError, StringComparison.Ordinal);
        Assert.Contains("(InvalidParameterCombination)", upgrade.StandardError, StringComparison.Ordinal);
        Assert.Contains($"it runs sqlite {version} only", upgrade.StandardError, StringComparison.Ordinal);
        Assert.False(untouched.GetProperty("DeletionProtection").GetBoolean());
        Assert.NotEqual("03:00-03:30", untouched.TryGetProperty("PreferredBackupWindow", out var window) ? window.GetString() : null);
        Assert.Equal((true, "03:00-03:30", true, version), (applied.GetProperty("DeletionProtection").GetBoolean(), applied.GetProperty("PreferredBackupWindow").GetString(),
            applied.GetProperty("CopyTagsToSnapshot").GetBoolean(), applied.GetProperty("EngineVersion").GetString()));
    }

    [Fact]
    public async Task DeletionProtection_OnRefusesDeleteDbCluster_AndOffLetsItDelete()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await AvailableClusterAsync(aws, "guarded");

        var on = (await aws.RunJsonAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "guarded", "--deletion-protection")).GetProperty("DBCluster");
        var refused = await aws.RunAsync("rds", "delete-db-cluster", "--db-cluster-identifier", "guarded", "--skip-final-snapshot");
        var off = (await aws.RunJsonAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "guarded", "--no-deletion-protection")).GetProperty("DBCluster");
        var deleting = (await aws.RunJsonAsync("rds", "delete-db-cluster", "--db-cluster-identifier", "guarded", "--skip-final-snapshot")).GetProperty("DBCluster");
        var waited = await aws.RunAsync("rds", "wait", "db-cluster-deleted", "--db-cluster-identifier", "guarded");

        Assert.True(on.GetProperty("DeletionProtection").GetBoolean());
        Assert.Contains("(InvalidParameterCombination)", refused.StandardError, StringComparison.Ordinal);
        Assert.False(off.GetProperty("DeletionProtection").GetBoolean());
        Assert.Equal("deleting", deleting.GetProperty("Status").GetString());
        Assert.True(waited.ExitCode == 0, waited.ToString());
    }

    [Fact]
    public async Task ModifyDbCluster_OnAStoppedCluster_IsInvalidDbClusterStateFault()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await AvailableClusterAsync(aws, "resting");
        await aws.RunJsonAsync("rds", "stop-db-cluster", "--db-cluster-identifier", "resting");
        var stopped = await StatusWithinAsync(aws, "resting", "stopped", TimeSpan.FromSeconds(10));

        var result = await aws.RunAsync("rds", "modify-db-cluster", "--db-cluster-identifier", "resting", "--deletion-protection");

        Assert.Equal("stopped", stopped);
        Assert.Contains("(InvalidDBClusterStateFault)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("DB cluster is not available for modification with status stopped", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModifyDbCluster_SentByHandWithKmsKeyIdOrStorageEncrypted_IsInvalidParameterCombination_AndTheKeyStays()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            rds = boto3.client('rds')
            kms = boto3.client('kms')
            other = kms.create_key()['KeyMetadata']['Arn']
            rds.create_db_cluster(DBClusterIdentifier='sealed', Engine='sqlite', MasterUsername='admin', MasterUserPassword='Passw0rd!', StorageEncrypted=True)
            rds.get_waiter('db_cluster_available').wait(DBClusterIdentifier='sealed', WaiterConfig={'Delay': 1, 'MaxAttempts': 60})
            before = rds.describe_db_clusters(DBClusterIdentifier='sealed')['DBClusters'][0]
            extra = {}
            # ModifyDBCluster has no KmsKeyId or StorageEncrypted in the model: add them to the signed form body by hand.
            rds.meta.events.register('before-call.rds.ModifyDBCluster', lambda params, **kwargs: params['body'].update(extra))
            extra.update({'KmsKeyId': other})
            with_key = call(lambda: rds.modify_db_cluster(DBClusterIdentifier='sealed', BackupRetentionPeriod=5))
            extra.clear()
            extra.update({'StorageEncrypted': 'false'})
            with_encrypted = call(lambda: rds.modify_db_cluster(DBClusterIdentifier='sealed', BackupRetentionPeriod=5))
            extra.clear()
            after = rds.describe_db_clusters(DBClusterIdentifier='sealed')['DBClusters'][0]
            print(json.dumps({
                'withKey': with_key, 'withEncrypted': with_encrypted,
                'keyBefore': before['KmsKeyId'], 'keyAfter': after['KmsKeyId'], 'other': other,
                'encryptedAfter': after['StorageEncrypted'], 'retentionAfter': after['BackupRetentionPeriod'],
            }))
            """);

        var withKey = output.GetProperty("withKey");
        Assert.Equal("InvalidParameterCombination", withKey.GetProperty("code").GetString());
        Assert.Equal(400, withKey.GetProperty("status").GetInt32());
        Assert.Contains("CopyDBClusterSnapshot", withKey.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("InvalidParameterCombination", output.GetProperty("withEncrypted").GetProperty("code").GetString());
        Assert.Equal(output.GetProperty("keyBefore").GetString(), output.GetProperty("keyAfter").GetString());
        Assert.NotEqual(output.GetProperty("other").GetString(), output.GetProperty("keyAfter").GetString());
        Assert.True(output.GetProperty("encryptedAfter").GetBoolean());
        Assert.Equal(1, output.GetProperty("retentionAfter").GetInt32());
    }

    [Fact]
    public async Task ModifyDbInstance_ChangesTheClassAndName_ButNotToDbT2MicroInAnEncryptedCluster()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await AvailableClusterAsync(aws, "sized");
        await aws.RunJsonAsync("rds", "create-db-instance", "--db-instance-identifier", "sized-1", "--db-cluster-identifier", "sized", "--engine", "sqlite", "--db-instance-class", "db.r5.large");

        var modified = (await aws.RunJsonAsync("rds", "modify-db-instance", "--db-instance-identifier", "sized-1", "--db-instance-class", "db.t3.medium", "--new-db-instance-identifier", "sized-a", "--apply-immediately")).GetProperty("DBInstance");
        var described = (await aws.RunJsonAsync("rds", "describe-db-instances", "--db-instance-identifier", "sized-a")).GetProperty("DBInstances")[0];
        var micro = await aws.RunAsync("rds", "modify-db-instance", "--db-instance-identifier", "sized-a", "--db-instance-class", "db.t2.micro", "--apply-immediately");
        var members = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "sized")).GetProperty("DBClusters")[0].GetProperty("DBClusterMembers");

        Assert.Equal(("sized-a", "db.t3.medium"), (modified.GetProperty("DBInstanceIdentifier").GetString(), modified.GetProperty("DBInstanceClass").GetString()));
        Assert.Equal("db.t3.medium", described.GetProperty("DBInstanceClass").GetString());
        Assert.EndsWith(":db:sized-a", described.GetProperty("DBInstanceArn").GetString(), StringComparison.Ordinal);
        Assert.Contains("(InvalidParameterCombination)", micro.StandardError, StringComparison.Ordinal);
        Assert.Contains("DB Instance class db.t2.micro does not support encryption at rest", micro.StandardError, StringComparison.Ordinal);
        Assert.Equal("sized-a", Assert.Single(members.EnumerateArray()).GetProperty("DBInstanceIdentifier").GetString());
    }

    /// <summary>The cluster without LatestRestorableTime, which is "now" while the cluster is open and so differs between two calls.</summary>
    private static JsonElement AtRest(JsonElement cluster)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(cluster.GetRawText())!.AsObject();
        node.Remove("LatestRestorableTime");
        return JsonSerializer.SerializeToElement(node);
    }

    private static async Task AvailableClusterAsync(AwsCli aws, string identifier)
    {
        await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", identifier, "--storage-encrypted", .. Master]);
        var waited = await aws.RunAsync("rds", "wait", "db-cluster-available", "--db-cluster-identifier", identifier);
        Assert.True(waited.ExitCode == 0, waited.ToString());
    }

    /// <summary>The cluster's status once it is <paramref name="expected"/>, polled for at most <paramref name="within"/>.</summary>
    private static async Task<string?> StatusWithinAsync(AwsCli aws, string identifier, string expected, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        string? status;
        do
        {
            status = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", identifier)).GetProperty("DBClusters")[0].GetProperty("Status").GetString();
        }
        while (status != expected && clock.Elapsed < within);

        return status;
    }
}
