using System.Net;
using System.Xml.Linq;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Services.Rds;

/// <summary>Raw RDS Query calls for DB instances, tags and orderable options: element names, wire error codes, HTTP statuses.</summary>
public sealed class DbInstanceOperationTests
{
    private static readonly XNamespace Rds = "http://rds.amazonaws.com/doc/2014-10-31/";

    [Fact]
    public async Task CreateAndDescribeDbInstances_UseTheModelsElementNames_AndNoMarkerOnTheLastPage()
    {
        await using var server = await CofferTestServer.StartAsync();
        var cluster = await AvailableClusterAsync(server, "enc");

        var (createStatus, created) = await CallAsync(server, "Action=CreateDBInstance&DBInstanceIdentifier=enc-1&DBClusterIdentifier=enc&Engine=sqlite&DBInstanceClass=db.r5.large&Tags.Tag.1.Key=role&Tags.Tag.1.Value=writer");
        var (_, described) = await CallAsync(server, "Action=DescribeDBInstances&Filters.Filter.1.Name=db-cluster-id&Filters.Filter.1.Values.Value.1=enc&MaxRecords=20");

        Assert.Equal(HttpStatusCode.OK, createStatus);
        var instance = created.Descendants(Rds + "CreateDBInstanceResult").Single().Element(Rds + "DBInstance")!;
        Assert.Equal("creating", instance.Element(Rds + "DBInstanceStatus")!.Value);
        Assert.Equal("role", instance.Element(Rds + "TagList")!.Element(Rds + "Tag")!.Element(Rds + "Key")!.Value);
        var listed = Assert.Single(described.Descendants(Rds + "DBInstances").Single().Elements(Rds + "DBInstance"));
        Assert.Equal("available", listed.Element(Rds + "DBInstanceStatus")!.Value);
        Assert.Equal("true", listed.Element(Rds + "StorageEncrypted")!.Value);
        Assert.Equal(cluster.Element(Rds + "KmsKeyId")!.Value, listed.Element(Rds + "KmsKeyId")!.Value);
        Assert.StartsWith("arn:aws:rds:us-east-1:", listed.Element(Rds + "DBInstanceArn")!.Value, StringComparison.Ordinal);
        Assert.EndsWith(":db:enc-1", listed.Element(Rds + "DBInstanceArn")!.Value, StringComparison.Ordinal);
        Assert.Empty(described.Descendants(Rds + "Marker"));
    }

    [Fact]
    public async Task DescribeDbInstances_ForAnUnknownInstance_IsDbInstanceNotFoundWith404()
    {
        await using var server = await CofferTestServer.StartAsync();

        var (status, body) = await CallAsync(server, "Action=DescribeDBInstances&DBInstanceIdentifier=nope");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("DBInstanceNotFound", body.Descendants(Rds + "Code").Single().Value);
    }

    [Fact]
    public async Task CreateDbInstance_WithKmsKeyIdOrDbT2MicroInAnEncryptedCluster_IsInvalidParameterCombination()
    {
        await using var server = await CofferTestServer.StartAsync();
        await AvailableClusterAsync(server, "enc");

        var (keyStatus, key) = await CallAsync(server, "Action=CreateDBInstance&DBInstanceIdentifier=a&DBClusterIdentifier=enc&Engine=sqlite&DBInstanceClass=db.r5.large&KmsKeyId=alias%2Faws%2Frds");
        var (microStatus, micro) = await CallAsync(server, "Action=CreateDBInstance&DBInstanceIdentifier=b&DBClusterIdentifier=enc&Engine=sqlite&DBInstanceClass=db.t2.micro");
        var (_, reboot) = await CallAsync(server, "Action=RebootDBInstance&DBInstanceIdentifier=b");

        Assert.Equal(HttpStatusCode.BadRequest, keyStatus);
        Assert.Equal("InvalidParameterCombination", key.Descendants(Rds + "Code").Single().Value);
        Assert.Equal(HttpStatusCode.BadRequest, microStatus);
        Assert.Equal("DB Instance class db.t2.micro does not support encryption at rest", micro.Descendants(Rds + "Message").Single().Value);
        Assert.Equal("DBInstanceNotFound", reboot.Descendants(Rds + "Code").Single().Value);
    }

    [Fact]
    public async Task Tags_AddRemoveList_UseTagListAndTagKeysMember_AndHaveNoResultElementForAddAndRemove()
    {
        await using var server = await CofferTestServer.StartAsync();
        var arn = Uri.EscapeDataString((await AvailableClusterAsync(server, "t")).Element(Rds + "DBClusterArn")!.Value);

        var (_, added) = await CallAsync(server, $"Action=AddTagsToResource&ResourceName={arn}&Tags.Tag.1.Key=a&Tags.Tag.1.Value=1&Tags.Tag.2.Key=b&Tags.Tag.2.Value=2");
        var (_, removed) = await CallAsync(server, $"Action=RemoveTagsFromResource&ResourceName={arn}&TagKeys.member.1=a");
        var (_, listed) = await CallAsync(server, $"Action=ListTagsForResource&ResourceName={arn}");

        Assert.Empty(added.Descendants(Rds + "AddTagsToResourceResult"));
        Assert.Single(added.Descendants(Rds + "RequestId"));
        Assert.Empty(removed.Descendants(Rds + "RemoveTagsFromResourceResult"));
        var tags = listed.Descendants(Rds + "ListTagsForResourceResult").Single().Element(Rds + "TagList")!.Elements(Rds + "Tag")
            .Select(t => $"{t.Element(Rds + "Key")!.Value}={t.Element(Rds + "Value")!.Value}").Order(StringComparer.Ordinal);
        Assert.Equal(["b=2"], tags);
    }

    [Fact]
    public async Task DescribeOrderableDbInstanceOptions_ListsEachClassWithSupportsStorageEncryption()
    {
        await using var server = await CofferTestServer.StartAsync();

        var (_, body) = await CallAsync(server, "Action=DescribeOrderableDBInstanceOptions&Engine=sqlite");
        var (otherStatus, other) = await CallAsync(server, "Action=DescribeOrderableDBInstanceOptions&Engine=mysql");

        var options = body.Descendants(Rds + "OrderableDBInstanceOption")
            .ToDictionary(o => o.Element(Rds + "DBInstanceClass")!.Value, o => o.Element(Rds + "SupportsStorageEncryption")!.Value);
        Assert.Equal("false", options["db.t2.micro"]);
        Assert.Equal("true", options["db.t3.medium"]);
        Assert.Equal("true", options["db.r6g.large"]);
        Assert.Empty(body.Descendants(Rds + "Marker"));
        Assert.Equal(HttpStatusCode.BadRequest, otherStatus);
        Assert.Equal("InvalidParameterValue", other.Descendants(Rds + "Code").Single().Value);
    }

    private static async Task<XElement> AvailableClusterAsync(CofferTestServer server, string identifier)
    {
        var (status, created) = await CallAsync(server, $"Action=CreateDBCluster&DBClusterIdentifier={identifier}&Engine=sqlite&MasterUsername=admin&MasterUserPassword=Passw0rd%21&StorageEncrypted=true");
        Assert.Equal(HttpStatusCode.OK, status);
        for (var i = 0; i < 300; i++)
        {
            var (_, described) = await CallAsync(server, $"Action=DescribeDBClusters&DBClusterIdentifier={identifier}");
            var cluster = described.Descendants(Rds + "DBCluster").Single();
            if (cluster.Element(Rds + "Status")!.Value == "available")
            {
                return cluster;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException(created.ToString());
    }

    private static async Task<(HttpStatusCode Status, XDocument Body)> CallAsync(CofferTestServer server, string form)
    {
        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("rds", form + "&Version=2014-10-31"));
        return (response.StatusCode, XDocument.Parse(await response.Content.ReadAsStringAsync()));
    }
}
