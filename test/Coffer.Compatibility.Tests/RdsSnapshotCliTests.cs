using Coffer.Clusters;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// The seeds' sentences about snapshots, with the real <c>aws rds</c> CLI: a snapshot uses its cluster's key and
/// encryption, an unencrypted snapshot restores to an encrypted cluster when a key is given, and the data comes back.
/// Rows are written and read through the control plane's volume access (the Data API comes later).
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsSnapshotCliTests
{
    private const string Marker = "CLI-SNAPSHOT-MARKER-41d9";
    private static readonly string[] Master = ["--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!"];

    [Fact]
    public async Task SnapshotOfAnEncryptedCluster_MustBeEncryptedUsingTheSameKmsKeyAsTheCluster_AndRestoresItsRows()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var cluster = (await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "orders", "--storage-encrypted", "--kms-key-id", key, .. Master])).GetProperty("DBCluster");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "orders");
        var rows = await WriteRowsAsync(server, cluster.GetProperty("DbClusterResourceId").GetString()!, 20);

        var creating = (await aws.RunJsonAsync("rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "orders", "--db-cluster-snapshot-identifier", "orders-1")).GetProperty("DBClusterSnapshot");
        var waited = await aws.RunAsync("rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "orders-1");
        var snapshot = (await aws.RunJsonAsync("rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", "orders-1")).GetProperty("DBClusterSnapshots")[0];
        var restored = (await aws.RunJsonAsync("rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", "orders-restored", "--snapshot-identifier", "orders-1", "--engine", "sqlite")).GetProperty("DBCluster");
        var restoreWaited = await aws.RunAsync("rds", "wait", "db-cluster-available", "--db-cluster-identifier", "orders-restored");

        Assert.Equal(("creating", "manual"), (creating.GetProperty("Status").GetString(), creating.GetProperty("SnapshotType").GetString()));
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal(("available", 100, true, key), (snapshot.GetProperty("Status").GetString(), snapshot.GetProperty("PercentProgress").GetInt32(), snapshot.GetProperty("StorageEncrypted").GetBoolean(), snapshot.GetProperty("KmsKeyId").GetString()));
        Assert.Equal(cluster.GetProperty("DbClusterResourceId").GetString(), snapshot.GetProperty("DbClusterResourceId").GetString());
        Assert.True(restoreWaited.ExitCode == 0, restoreWaited.ToString());
        Assert.Equal((true, key), (restored.GetProperty("StorageEncrypted").GetBoolean(), restored.GetProperty("KmsKeyId").GetString()));
        Assert.Equal(rows, await ReadRowsAsync(server, restored.GetProperty("DbClusterResourceId").GetString()!));
        Assert.Empty(FilesContaining(server.DataDirectory, Marker));
    }

    [Fact]
    public async Task SnapshotOfAnUnencryptedCluster_IsUnencrypted_AndRestoringItWithAKmsKey_GivesAnEncryptedCluster()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var cluster = (await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "legacy", .. Master])).GetProperty("DBCluster");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "legacy");
        var rows = await WriteRowsAsync(server, cluster.GetProperty("DbClusterResourceId").GetString()!, 5);
        await OkAsync(aws, "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "legacy", "--db-cluster-snapshot-identifier", "legacy-1");
        await OkAsync(aws, "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "legacy-1");

        var encrypted = await aws.RunAsync("rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", "legacy-1", "--query", "DBClusterSnapshots[].[StorageEncrypted,KmsKeyId]", "--output", "text");
        var arn = (await aws.RunJsonAsync("rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", "legacy-1")).GetProperty("DBClusterSnapshots")[0].GetProperty("DBClusterSnapshotArn").GetString()!;
        await OkAsync(aws, "rds", "add-tags-to-resource", "--resource-name", arn, "--tags", "Key=team,Value=ledger");
        var tags = await aws.RunAsync("rds", "list-tags-for-resource", "--resource-name", arn, "--query", "TagList[].[Key,Value]", "--output", "text");
        var restored = (await aws.RunJsonAsync("rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", "legacy-encrypted", "--snapshot-identifier", "legacy-1", "--engine", "sqlite", "--kms-key-id", key)).GetProperty("DBCluster");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "legacy-encrypted");
        var described = await aws.RunAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "legacy-encrypted", "--query", "*[].{StorageEncrypted:StorageEncrypted}", "--output", "text");

        Assert.Equal("False\tNone", encrypted.StandardOutput.Trim());
        Assert.Equal("team\tledger", tags.StandardOutput.Trim());
        Assert.Equal(key, restored.GetProperty("KmsKeyId").GetString());
        Assert.Equal("True", described.StandardOutput.Trim());
        Assert.Equal(rows, await ReadRowsAsync(server, restored.GetProperty("DbClusterResourceId").GetString()!));
    }

    [Fact]
    public async Task DeleteDbCluster_WithAFinalSnapshot_KeepsTheSnapshot_AndSnapshotErrorsHaveAwsCodes()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "retired", "--storage-encrypted", "--kms-key-id", key, .. Master]);
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "retired");

        var neither = await aws.RunAsync("rds", "delete-db-cluster", "--db-cluster-identifier", "retired");
        var deleting = (await aws.RunJsonAsync("rds", "delete-db-cluster", "--db-cluster-identifier", "retired", "--final-db-snapshot-identifier", "retired-final")).GetProperty("DBCluster");
        var deleted = await aws.RunAsync("rds", "wait", "db-cluster-deleted", "--db-cluster-identifier", "retired");
        var final = await aws.RunAsync("rds", "describe-db-cluster-snapshots", "--query", "DBClusterSnapshots[].[DBClusterSnapshotIdentifier,Status,DBClusterIdentifier]", "--output", "text");
        var notFound = await aws.RunAsync("rds", "describe-db-cluster-snapshots", "--db-cluster-snapshot-identifier", "nope");
        var noCluster = await aws.RunAsync("rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "nope", "--db-cluster-snapshot-identifier", "x");
        await OkAsync(aws, "kms", "disable-key", "--key-id", key);
        var keyDisabled = await aws.RunAsync("rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", "back", "--snapshot-identifier", "retired-final", "--engine", "sqlite");
        await OkAsync(aws, "rds", "delete-db-cluster-snapshot", "--db-cluster-snapshot-identifier", "retired-final");
        var afterDelete = await aws.RunAsync("rds", "describe-db-cluster-snapshots", "--query", "DBClusterSnapshots[].DBClusterSnapshotIdentifier", "--output", "text");

        Assert.Contains("(InvalidParameterCombination)", neither.StandardError, StringComparison.Ordinal);
        Assert.Equal("deleting", deleting.GetProperty("Status").GetString());
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("retired-final\tavailable\tretired", final.StandardOutput.Trim());
        Assert.Contains("(DBClusterSnapshotNotFoundFault)", notFound.StandardError, StringComparison.Ordinal);
        Assert.Contains("(DBClusterNotFoundFault)", noCluster.StandardError, StringComparison.Ordinal);
        Assert.Contains("(KMSKeyNotAccessibleFault)", keyDisabled.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, afterDelete.StandardOutput.Trim());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "snapshots"), "*.archive", SearchOption.AllDirectories));
    }

    private static async Task<List<string>> WriteRowsAsync(CofferTestServer server, string resourceId, int count)
    {
        var clusters = server.Services.GetRequiredService<ClusterService>();
        var rows = Enumerable.Range(0, count).Select(i => $"{Marker} order {i}").ToList();
        var written = await clusters.UseVolumeAsync(resourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT NOT NULL);";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO orders (body) VALUES ($body);";
            var body = command.Parameters.Add("$body", SqliteType.Text);
            foreach (var row in rows)
            {
                body.Value = row;
                command.ExecuteNonQuery();
            }

            return Task.FromResult("written");
        }, default);
        Assert.Equal("written", written);
        return rows;
    }

    private static async Task<List<string>> ReadRowsAsync(CofferTestServer server, string resourceId) =>
        await server.Services.GetRequiredService<ClusterService>().UseVolumeAsync(resourceId, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT body FROM orders ORDER BY id;";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(reader.GetString(0));
            }

            return Task.FromResult(rows);
        }, default) ?? throw new InvalidOperationException("The restored cluster's volume is not open.");

    private static List<string> FilesContaining(string directory, string marker)
    {
        SqliteConnection.ClearAllPools();
        return DiskScan.FilesContaining(directory, marker);
    }

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
