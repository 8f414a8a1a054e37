using System.Net;
using System.Xml.Linq;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Services.Rds;

/// <summary>Raw RDS Query calls for ModifyDBCluster and ModifyDBInstance, and the one DBCluster rendering every operation shares.</summary>
public sealed class DbClusterModifyOperationTests
{
    private static readonly XNamespace Rds = "http://rds.amazonaws.com/doc/2014-10-31/";

    [Fact]
    public async Task ModifyDbCluster_AnswersInItsResultWrapper_ExactlyAsDescribeDbClustersThenShowsTheCluster()
    {
        await using var server = await CofferTestServer.StartAsync();
        await AvailableClusterAsync(server, "m");
        await CallAsync(server, "Action=CreateDBInstance&DBInstanceIdentifier=m-1&DBClusterIdentifier=m&Engine=sqlite&DBInstanceClass=db.r5.large");

        var (status, modified) = await CallAsync(server, "Action=ModifyDBCluster&DBClusterIdentifier=m&NewDBClusterIdentifier=n&BackupRetentionPeriod=7&DeletionProtection=true&PreferredBackupWindow=03:00-03:30&PreferredMaintenanceWindow=Sun:05:00-Sun:05:30&ApplyImmediately=false");
        var (_, described) = await CallAsync(server, "Action=DescribeDBClusters&DBClusterIdentifier=n");

        Assert.Equal(HttpStatusCode.OK, status);
        var cluster = modified.Root!.Element(Rds + "ModifyDBClusterResult")!.Element(Rds + "DBCluster")!;
        Assert.Equal("n", cluster.Element(Rds + "DBClusterIdentifier")!.Value);
        Assert.EndsWith(":cluster:n", cluster.Element(Rds + "DBClusterArn")!.Value, StringComparison.Ordinal);
        Assert.Equal("7", cluster.Element(Rds + "BackupRetentionPeriod")!.Value);
        Assert.Equal("true", cluster.Element(Rds + "DeletionProtection")!.Value);
        Assert.Equal("03:00-03:30", cluster.Element(Rds + "PreferredBackupWindow")!.Value);
        Assert.Equal("sun:05:00-sun:05:30", cluster.Element(Rds + "PreferredMaintenanceWindow")!.Value);
        Assert.Equal("m-1", cluster.Element(Rds + "DBClusterMembers")!.Element(Rds + "DBClusterMember")!.Element(Rds + "DBInstanceIdentifier")!.Value);
        var describedCluster = described.Descendants(Rds + "DBCluster").Single();
        Assert.NotNull(cluster.Element(Rds + "LatestRestorableTime"));

        // LatestRestorableTime is "now" while the cluster is open, so it differs between the two calls; all else agrees.
        cluster.Element(Rds + "LatestRestorableTime")!.Remove();
        describedCluster.Element(Rds + "LatestRestorableTime")?.Remove();
        Assert.True(XNode.DeepEquals(cluster, describedCluster), $"{cluster}\n---\n{described}");
    }

    [Theory]
    [InlineData("KmsKeyId=alias%2Faws%2Frds")]
    [InlineData("StorageEncrypted=false")]
    public async Task ModifyDbCluster_CarryingKmsKeyIdOrStorageEncrypted_IsInvalidParameterCombination400(string extra)
    {
        await using var server = await CofferTestServer.StartAsync();
        await AvailableClusterAsync(server, "enc");

        var (status, body) = await CallAsync(server, $"Action=ModifyDBCluster&DBClusterIdentifier=enc&{extra}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameterCombination", body.Descendants(Rds + "Code").Single().Value);
        Assert.Contains("snapshot", body.Descendants(Rds + "Message").Single().Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KmsKeyId=alias%2Faws%2Frds")]
    [InlineData("StorageEncrypted=false")]
    public async Task CreateDbClusterSnapshot_CarryingKmsKeyIdOrStorageEncrypted_IsInvalidParameterCombinationAndTakesNoSnapshot(string extra)
    {
        await using var server = await CofferTestServer.StartAsync();
        await AvailableClusterAsync(server, "enc");

        var (status, body) = await CallAsync(server, $"Action=CreateDBClusterSnapshot&DBClusterIdentifier=enc&DBClusterSnapshotIdentifier=s1&{extra}");
        var (_, described) = await CallAsync(server, "Action=DescribeDBClusterSnapshots&SnapshotType=manual");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameterCombination", body.Descendants(Rds + "Code").Single().Value);
        Assert.Contains("CopyDBClusterSnapshot", body.Descendants(Rds + "Message").Single().Value, StringComparison.Ordinal);
        Assert.DoesNotContain(described.Descendants(Rds + "DBClusterSnapshotIdentifier"), e => e.Value == "s1");
    }

    [Fact]
    public async Task StopDbCluster_RendersTheClusterAsDescribeDoes_WithMembersAndCurrentTags()
    {
        await using var server = await CofferTestServer.StartAsync();
        var (_, created) = await CallAsync(server, "Action=CreateDBCluster&DBClusterIdentifier=r&Engine=sqlite&MasterUsername=admin&MasterUserPassword=Passw0rd%21&Tags.Tag.1.Key=a&Tags.Tag.1.Value=1");
        var arn = Uri.EscapeDataString(await AvailableAsync(server, "r"));
        await CallAsync(server, "Action=CreateDBInstance&DBInstanceIdentifier=r-1&DBClusterIdentifier=r&Engine=sqlite&DBInstanceClass=db.r5.large");
        await CallAsync(server, $"Action=AddTagsToResource&ResourceName={arn}&Tags.Tag.1.Key=b&Tags.Tag.1.Value=2");

        var (_, stopped) = await CallAsync(server, "Action=StopDBCluster&DBClusterIdentifier=r");
        var stopping = stopped.Descendants(Rds + "DBCluster").Single();

        Assert.Equal(["a=1"], Tags(created.Descendants(Rds + "DBCluster").Single()));
        Assert.Equal(["a=1", "b=2"], Tags(stopping));
        Assert.Equal(["r-1"], stopping.Element(Rds + "DBClusterMembers")!.Elements(Rds + "DBClusterMember").Select(m => m.Element(Rds + "DBInstanceIdentifier")!.Value));
    }

    [Fact]
    public async Task ModifyDbInstance_ChangesTheClass_AndAnswersInItsResultWrapper()
    {
        await using var server = await CofferTestServer.StartAsync();
        await AvailableClusterAsync(server, "c");
        await CallAsync(server, "Action=CreateDBInstance&DBInstanceIdentifier=c-1&DBClusterIdentifier=c&Engine=sqlite&DBInstanceClass=db.r5.large");

        var (status, modified) = await CallAsync(server, "Action=ModifyDBInstance&DBInstanceIdentifier=c-1&DBInstanceClass=db.t3.medium&ApplyImmediately=true");
        var (microStatus, micro) = await CallAsync(server, "Action=ModifyDBInstance&DBInstanceIdentifier=c-1&DBInstanceClass=db.t2.micro");
        var (keyStatus, key) = await CallAsync(server, "Action=ModifyDBInstance&DBInstanceIdentifier=c-1&KmsKeyId=alias%2Faws%2Frds");

        Assert.Equal(HttpStatusCode.OK, status);
        var instance = modified.Root!.Element(Rds + "ModifyDBInstanceResult")!.Element(Rds + "DBInstance")!;
        Assert.Equal("db.t3.medium", instance.Element(Rds + "DBInstanceClass")!.Value);
        Assert.Equal("available", instance.Element(Rds + "DBInstanceStatus")!.Value);
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameterCombination"), (microStatus, micro.Descendants(Rds + "Code").Single().Value));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameterCombination"), (keyStatus, key.Descendants(Rds + "Code").Single().Value));
    }

    private static IEnumerable<string> Tags(XElement cluster) =>
        cluster.Element(Rds + "TagList")!.Elements(Rds + "Tag").Select(t => $"{t.Element(Rds + "Key")!.Value}={t.Element(Rds + "Value")!.Value}");

    private static async Task AvailableClusterAsync(CofferTestServer server, string identifier)
    {
        var (status, created) = await CallAsync(server, $"Action=CreateDBCluster&DBClusterIdentifier={identifier}&Engine=sqlite&MasterUsername=admin&MasterUserPassword=Passw0rd%21&StorageEncrypted=true");
        Assert.True(status == HttpStatusCode.OK, created.ToString());
        await AvailableAsync(server, identifier);
    }

    /// <summary>Waits until the cluster is available; its ARN.</summary>
    private static async Task<string> AvailableAsync(CofferTestServer server, string identifier)
    {
        for (var i = 0; i < 300; i++)
        {
            var (_, described) = await CallAsync(server, $"Action=DescribeDBClusters&DBClusterIdentifier={identifier}");
            var cluster = described.Descendants(Rds + "DBCluster").Single();
            if (cluster.Element(Rds + "Status")!.Value == "available")
            {
                return cluster.Element(Rds + "DBClusterArn")!.Value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Cluster {identifier} did not become available.");
    }

    private static async Task<(HttpStatusCode Status, XDocument Body)> CallAsync(CofferTestServer server, string form)
    {
        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("rds", form + "&Version=2014-10-31"));
        return (response.StatusCode, XDocument.Parse(await response.Content.ReadAsStringAsync()));
    }
}
