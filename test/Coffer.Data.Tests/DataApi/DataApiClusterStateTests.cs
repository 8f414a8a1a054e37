using Coffer.Clusters;
using Coffer.Data.DataApi;
using Coffer.Primitives;

namespace Coffer.Data.Tests.DataApi;

/// <summary>The Data API follows its cluster's state: a stopped cluster runs no statement and keeps no transaction open.</summary>
public sealed class DataApiClusterStateTests
{
    [Fact]
    public async Task StopCluster_RollsBackTheOpenTransaction_RefusesStatements_AndStartBringsTheCommittedRowsBack()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        await bed.ExecuteAsync("CREATE TABLE t (v TEXT)");
        await bed.ExecuteAsync("INSERT INTO t VALUES ('committed')");
        var transaction = await bed.BeginAsync();
        await bed.ExecuteAsync("INSERT INTO t VALUES ('open')", transactionId: transaction);

        await bed.Clusters.StopClusterAsync(bed.Alice, "data", default);
        await WaitForAsync(bed, ClusterStatus.Stopped);
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT v FROM t"));
        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CommitAsync(transaction));
        await bed.Clusters.StartClusterAsync(bed.Alice, "data", default);
        await WaitForAsync(bed, ClusterStatus.Available);

        Assert.Equal((DataApiErrors.Codes.InvalidResourceState, 400), (refused.Code, refused.HttpStatus));
        Assert.Contains("is stopped", refused.Message, StringComparison.Ordinal);
        Assert.Equal(DataApiErrors.Codes.TransactionNotFound, gone.Code);
        Assert.Contains("closed its volume", gone.Message, StringComparison.Ordinal);
        Assert.Equal(0, bed.DataApi.OpenTransactions);
        Assert.Equal(["committed"], await bed.ColumnAsync("SELECT v FROM t"));
    }

    private static async Task WaitForAsync(DataApiTestBed bed, string status)
    {
        for (var i = 0; i < 500 && bed.Clusters.Store.Find(bed.Alice.Account, bed.Alice.Region, "data")!.Status != status; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(status, bed.Clusters.Store.Find(bed.Alice.Account, bed.Alice.Region, "data")!.Status);
    }
}
