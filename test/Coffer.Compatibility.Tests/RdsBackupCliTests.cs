using System.Text.Json;
using Coffer.Clusters;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// Automated backups and RestoreDBClusterToPointInTime with the real <c>aws rds</c> CLI: the automated snapshot, the
/// restorable window, restores to the latest restorable time, and retained backups of a deleted cluster.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsBackupCliTests
{
    private static readonly string[] Master = ["--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!"];

    [Fact]
    public async Task AvailableCluster_HasAnEncryptedAutomatedSnapshotAndARestorableWindow_AndTheSnapshotCannotBeDeleted()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var cluster = await AvailableClusterAsync(aws, "backed", encrypted: true);

        var automated = (await aws.RunJsonAsync("rds", "describe-db-cluster-snapshots", "--db-cluster-identifier", "backed", "--snapshot-type", "automated")).GetProperty("DBClusterSnapshots");
        var manual = (await aws.RunJsonAsync("rds", "describe-db-cluster-snapshots", "--db-cluster-identifier", "backed", "--snapshot-type", "manual")).GetProperty("DBClusterSnapshots");
        var snapshot = Assert.Single(automated.EnumerateArray());
        var identifier = snapshot.GetProperty("DBClusterSnapshotIdentifier").GetString()!;
        var delete = await aws.RunAsync("rds", "delete-db-cluster-snapshot", "--db-cluster-snapshot-identifier", identifier);
        var described = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "backed")).GetProperty("DBClusters")[0];

        Assert.StartsWith("rds:backed-", identifier, StringComparison.Ordinal);
        Assert.Equal("automated", snapshot.GetProperty("SnapshotType").GetString());
        Assert.True(snapshot.GetProperty("StorageEncrypted").GetBoolean());
        Assert.Equal(cluster.GetProperty("KmsKeyId").GetString(), snapshot.GetProperty("KmsKeyId").GetString());
        Assert.Equal(0, manual.GetArrayLength());
        Assert.Contains("(InvalidDBClusterSnapshotStateFault)", delete.StandardError, StringComparison.Ordinal);
        Assert.True(
            described.GetProperty("EarliestRestorableTime").GetDateTimeOffset() <= described.GetProperty("LatestRestorableTime").GetDateTimeOffset(),
            described.ToString());
    }

    [Fact]
    public async Task RestoreToPointInTime_UseLatestRestorableTime_IsAvailableWithTheSourcesRowsAndKey_AndKmsKeyIdEncryptsAPlainSource()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var clusters = server.Services.GetRequiredService<ClusterService>();
        var creatingSource = AvailableClusterAsync(aws, "pitr-source", encrypted: true);
        var creatingPlain = AvailableClusterAsync(aws, "pitr-plain", encrypted: false);
        var source = await creatingSource;
        var plain = await creatingPlain;
        await ExecuteAsync(clusters, source, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('committed before the restore')");
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;

        var restoring = (await aws.RunJsonAsync("rds", "restore-db-cluster-to-point-in-time", "--db-cluster-identifier", "pitr-copy", "--source-db-cluster-identifier", "pitr-source", "--use-latest-restorable-time"))
            .GetProperty("DBCluster");
        var encrypting = (await aws.RunJsonAsync("rds", "restore-db-cluster-to-point-in-time", "--db-cluster-identifier", "pitr-encrypted", "--source-db-cluster-identifier", "pitr-plain", "--use-latest-restorable-time", "--kms-key-id", key))
            .GetProperty("DBCluster");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "pitr-copy");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "pitr-encrypted");
        var copy = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "pitr-copy")).GetProperty("DBClusters")[0];
        var encrypted = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "pitr-encrypted")).GetProperty("DBClusters")[0];

        Assert.Equal("creating", restoring.GetProperty("Status").GetString());
        Assert.Equal("creating", encrypting.GetProperty("Status").GetString());
        Assert.True(copy.GetProperty("StorageEncrypted").GetBoolean());
        Assert.Equal(source.GetProperty("KmsKeyId").GetString(), copy.GetProperty("KmsKeyId").GetString());
        Assert.Equal("committed before the restore", await ReadAsync(clusters, copy));
        Assert.False(plain.GetProperty("StorageEncrypted").GetBoolean());
        Assert.True(encrypted.GetProperty("StorageEncrypted").GetBoolean());
        Assert.Equal(key, encrypted.GetProperty("KmsKeyId").GetString());
    }

    [Fact]
    public async Task RestoreToPointInTime_OutsideTheWindowOrWithBothTimes_IsRefusedWithAwsCodes()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await AvailableClusterAsync(aws, "window", encrypted: true);

        var early = await aws.RunAsync("rds", "restore-db-cluster-to-point-in-time", "--db-cluster-identifier", "x", "--source-db-cluster-identifier", "window", "--restore-to-time", "2020-01-01T00:00:00Z");
        var both = await aws.RunAsync("rds", "restore-db-cluster-to-point-in-time", "--db-cluster-identifier", "x", "--source-db-cluster-identifier", "window", "--restore-to-time", "2020-01-01T00:00:00Z", "--use-latest-restorable-time");
        var missing = await aws.RunAsync("rds", "restore-db-cluster-to-point-in-time", "--db-cluster-identifier", "x", "--source-db-cluster-identifier", "nope", "--use-latest-restorable-time");

        Assert.Contains("(InvalidRestoreFault)", early.StandardError, StringComparison.Ordinal);
        Assert.Contains("outside the restorable window", early.StandardError, StringComparison.Ordinal);
        Assert.Contains("(InvalidParameterCombination)", both.StandardError, StringComparison.Ordinal);
        Assert.Contains("(DBClusterNotFoundFault)", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteDbCluster_WithNoDeleteAutomatedBackups_RetainsThem_ForDescribeRestoreAndDelete()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var clusters = server.Services.GetRequiredService<ClusterService>();
        var cluster = await AvailableClusterAsync(aws, "kept", encrypted: true);
        await ExecuteAsync(clusters, cluster, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept after deletion')");
        var resourceId = cluster.GetProperty("DbClusterResourceId").GetString()!;

        await OkAsync(aws, "rds", "delete-db-cluster", "--db-cluster-identifier", "kept", "--skip-final-snapshot", "--no-delete-automated-backups");
        await OkAsync(aws, "rds", "wait", "db-cluster-deleted", "--db-cluster-identifier", "kept");
        var retained = (await aws.RunJsonAsync("rds", "describe-db-cluster-automated-backups")).GetProperty("DBClusterAutomatedBackups");
        await aws.RunJsonAsync("rds", "restore-db-cluster-to-point-in-time", "--db-cluster-identifier", "revived", "--source-db-cluster-resource-id", resourceId, "--use-latest-restorable-time");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "revived");
        var revived = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "revived")).GetProperty("DBClusters")[0];
        var deleted = (await aws.RunJsonAsync("rds", "delete-db-cluster-automated-backup", "--db-cluster-resource-id", resourceId)).GetProperty("DBClusterAutomatedBackup");
        var after = (await aws.RunJsonAsync("rds", "describe-db-cluster-automated-backups")).GetProperty("DBClusterAutomatedBackups");
        var gone = await aws.RunAsync("rds", "describe-db-cluster-automated-backups", "--db-cluster-resource-id", resourceId);

        var backup = Assert.Single(retained.EnumerateArray());
        Assert.Equal("retained", backup.GetProperty("Status").GetString());
        Assert.Equal(resourceId, backup.GetProperty("DbClusterResourceId").GetString());
        Assert.Equal("kept", backup.GetProperty("DBClusterIdentifier").GetString());
        Assert.True(backup.GetProperty("StorageEncrypted").GetBoolean());
        Assert.Equal(cluster.GetProperty("KmsKeyId").GetString(), backup.GetProperty("KmsKeyId").GetString());
        Assert.Equal($"arn:aws:rds:eu-west-1:{cluster.GetProperty("DBClusterArn").GetString()!.Split(':')[4]}:cluster-auto-backup:{resourceId}", backup.GetProperty("DBClusterAutomatedBackupsArn").GetString());
        var window = backup.GetProperty("RestoreWindow");
        Assert.True(window.GetProperty("EarliestTime").GetDateTimeOffset() <= window.GetProperty("LatestTime").GetDateTimeOffset());
        Assert.Equal("kept after deletion", await ReadAsync(clusters, revived));
        Assert.Equal(resourceId, deleted.GetProperty("DbClusterResourceId").GetString());
        Assert.Equal(0, after.GetArrayLength());
        Assert.Contains("(DBClusterAutomatedBackupNotFoundFault)", gone.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Creates a cluster, waits until it is available and its first automated snapshot is; returns its description.</summary>
    private static async Task<JsonElement> AvailableClusterAsync(AwsCli aws, string identifier, bool encrypted)
    {
        await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", identifier, .. encrypted ? ["--storage-encrypted"] : Array.Empty<string>(), .. Master]);
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", identifier);
        await OkAsync(aws, "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-identifier", identifier, "--snapshot-type", "automated");
        return (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", identifier)).GetProperty("DBClusters")[0];
    }

    /// <summary>Runs SQL on a cluster's volume in the server's process (the Data API is not part of this suite).</summary>
    private static async Task ExecuteAsync(ClusterService clusters, JsonElement cluster, string sql)
    {
        var done = await clusters.UseVolumeAsync(cluster.GetProperty("DbClusterResourceId").GetString()!, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
            return Task.FromResult<object>(true);
        }, default);
        Assert.NotNull(done);
    }

    private static async Task<string?> ReadAsync(ClusterService clusters, JsonElement cluster) =>
        await clusters.UseVolumeAsync(cluster.GetProperty("DbClusterResourceId").GetString()!, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT v FROM t";
            return Task.FromResult((string)command.ExecuteScalar()!);
        }, default);

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
