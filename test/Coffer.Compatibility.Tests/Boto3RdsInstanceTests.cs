using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>boto3's RDS client on the documented first steps: create a cluster, add its writer at once, then wait.</summary>
[Trait("Category", "Slow")]
public sealed class Boto3RdsInstanceTests
{
    /// <summary>
    /// Issue 11, finding 2: boto3 sends CreateDBInstance within milliseconds of CreateDBCluster, while the cluster is
    /// still <c>creating</c>. AWS accepts it (the instance is <c>creating</c> until the cluster is available); Coffer
    /// refused it with InvalidDBClusterStateFault nearly every time.
    /// </summary>
    [Fact]
    public async Task CreateDBInstance_Bug11_RightAfterCreateDBCluster_IsAcceptedAndBothWaitersSeeAvailable()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            rds = boto3.client('rds')
            rds.create_db_cluster(DBClusterIdentifier='shop', Engine='sqlite', StorageEncrypted=True,
                                  MasterUsername='admin', MasterUserPassword='Passw0rd!')
            created = call(lambda: rds.create_db_instance(DBInstanceIdentifier='shop-1', DBClusterIdentifier='shop',
                                                          Engine='sqlite', DBInstanceClass='db.r6g.large'))
            fast = {'Delay': 1, 'MaxAttempts': 60}
            rds.get_waiter('db_cluster_available').wait(DBClusterIdentifier='shop', WaiterConfig=fast)
            rds.get_waiter('db_instance_available').wait(DBInstanceIdentifier='shop-1', WaiterConfig=fast)
            instance = rds.describe_db_instances(DBInstanceIdentifier='shop-1')['DBInstances'][0]
            print(json.dumps({
                'created': created.get('code') or created['result']['DBInstance']['DBInstanceStatus'],
                'status': instance['DBInstanceStatus'],
                'cluster': instance['DBClusterIdentifier'],
                'encrypted': instance['StorageEncrypted'],
            }))
            """);

        Assert.Equal("creating", output.GetProperty("created").GetString());
        Assert.Equal("available", output.GetProperty("status").GetString());
        Assert.Equal("shop", output.GetProperty("cluster").GetString());
        Assert.True(output.GetProperty("encrypted").GetBoolean());
    }
}
