using System.Text.Json;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary><c>aws rds create-db-cluster --manage-master-user-password</c> and the secret it leaves, read with <c>aws secretsmanager</c>.</summary>
[Trait("Category", "Slow")]
public sealed class RdsMasterUserSecretCliTests
{
    [Fact]
    public async Task ManageMasterUserPassword_SecretHoldsTheCredentials_DescribeShowsIt_DeleteRemovesIt_NothingInClearOnDisk()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var created = (await aws.RunJsonAsync("rds", "create-db-cluster", "--db-cluster-identifier", "managed", "--engine", "sqlite", "--master-username", "admin",
            "--manage-master-user-password", "--storage-encrypted")).GetProperty("DBCluster");
        var waited = await aws.RunAsync("rds", "wait", "db-cluster-available", "--db-cluster-identifier", "managed");
        var described = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", "managed")).GetProperty("DBClusters")[0];
        var secretArn = described.GetProperty("MasterUserSecret").GetProperty("SecretArn").GetString()!;
        var value = await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", secretArn);
        using var credentials = JsonDocument.Parse(value.GetProperty("SecretString").GetString()!);
        var password = credentials.RootElement.GetProperty("password").GetString()!;
        var refused = await aws.RunAsync("rds", "create-db-cluster", "--db-cluster-identifier", "both", "--engine", "sqlite", "--master-username", "admin",
            "--manage-master-user-password", "--master-user-password", "Passw0rd!");
        var onDisk = DiskScan.FilesContaining(server.DataDirectory, password);
        await aws.RunJsonAsync("rds", "delete-db-cluster", "--db-cluster-identifier", "managed", "--skip-final-snapshot");
        var deleted = await aws.RunAsync("rds", "wait", "db-cluster-deleted", "--db-cluster-identifier", "managed");
        var afterDelete = await aws.RunAsync("secretsmanager", "get-secret-value", "--secret-id", secretArn);

        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal(secretArn, created.GetProperty("MasterUserSecret").GetProperty("SecretArn").GetString());
        Assert.Equal("active", described.GetProperty("MasterUserSecret").GetProperty("SecretStatus").GetString());
        Assert.StartsWith("arn:aws:kms:", described.GetProperty("MasterUserSecret").GetProperty("KmsKeyId").GetString(), StringComparison.Ordinal);
        Assert.Contains(":secret:rds!cluster-", secretArn, StringComparison.Ordinal);
        Assert.Equal("admin", credentials.RootElement.GetProperty("username").GetString());
        Assert.Equal(32, password.Length);
        Assert.Contains("(InvalidParameterCombination)", refused.StandardError, StringComparison.Ordinal);
        Assert.Empty(onDisk);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("(ResourceNotFoundException)", afterDelete.StandardError, StringComparison.Ordinal);
    }
}
