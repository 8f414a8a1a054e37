using Coffer.Data.DataApi;
using Coffer.Primitives;

namespace Coffer.Data.Tests.DataApi;

/// <summary>Data API transactions against the real cluster stack: AWS's idle and lifetime limits on fake time, and one call at a time.</summary>
public sealed class DataApiTransactionTests
{
    private const string Endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    [Fact]
    public async Task Execute_AfterThreeIdleMinutes_IsTransactionNotFoundSayingItTimedOut_AndTheRowIsRolledBack()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        await bed.ExecuteAsync("CREATE TABLE t (v TEXT)");
        var transaction = await bed.BeginAsync();
        await bed.ExecuteAsync("INSERT INTO t VALUES ('uncommitted')", transactionId: transaction);

        bed.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(50));
        await bed.ExecuteAsync("SELECT 1", transactionId: transaction);
        bed.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(50));
        var stillOpen = bed.DataApi.OpenTransactions;
        bed.Time.Advance(TimeSpan.FromSeconds(15));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT 1", transactionId: transaction));

        Assert.Equal(1, stillOpen);
        Assert.Equal(0, bed.DataApi.OpenTransactions);
        Assert.Equal((DataApiErrors.Codes.TransactionNotFound, 404), (error.Code, error.HttpStatus));
        Assert.EndsWith("it timed out: no call used it for 3 minutes.", error.Message, StringComparison.Ordinal);
        Assert.Empty(await bed.ColumnAsync("SELECT v FROM t"));
    }

    [Fact]
    public async Task Execute_InATransactionUsedEveryTwoMinutesFor24Hours_IsEndedByTheLifetimeLimit()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        var transaction = await bed.BeginAsync();

        var steps = 0;
        while (bed.DataApi.OpenTransactions == 1 && steps < 1000)
        {
            await bed.ExecuteAsync("SELECT 1", transactionId: transaction);
            bed.Time.Advance(TimeSpan.FromMinutes(2));
            steps++;
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CommitAsync(transaction));

        Assert.Equal(24 * 30, steps);
        Assert.Equal(DataApiErrors.Codes.TransactionNotFound, error.Code);
        Assert.EndsWith("it was older than the transaction lifetime limit (1.00:00:00).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAndCommit_WhileAStatementRunsInTheTransaction_AreRefusedAsStillRunningAQuery()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        var transaction = await bed.BeginAsync();
        var endless = Task.Run(() => bed.ExecuteAsync(Endless, transactionId: transaction));

        AwsServiceException? concurrent = null;
        for (var i = 0; i < 200 && concurrent is null; i++)
        {
            try
            {
                await bed.ExecuteAsync("SELECT 1", transactionId: transaction);
                await Task.Delay(10);
            }
            catch (AwsServiceException e)
            {
                concurrent = e;
            }
        }

        var commit = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CommitAsync(transaction));
        bed.Time.Advance(TimeSpan.FromSeconds(45));
        var timedOut = await Assert.ThrowsAsync<AwsServiceException>(() => endless);
        var committed = await bed.CommitAsync(transaction);

        Assert.NotNull(concurrent);
        Assert.Equal(DataApiErrors.Codes.DatabaseError, concurrent.Code);
        Assert.StartsWith("Transaction is still running a query", concurrent.Message, StringComparison.Ordinal);
        Assert.Equal(DataApiErrors.Codes.DatabaseError, commit.Code);
        Assert.StartsWith("Transaction is still running a query", commit.Message, StringComparison.Ordinal);
        Assert.Equal(DataApiErrors.Codes.StatementTimeout, timedOut.Code);
        Assert.Equal("Transaction Committed", committed);
    }

    [Fact]
    public async Task Execute_WriteCutOffByTheStatementTimeoutInATransaction_EndsTheTransactionWithItsReason()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        await bed.ExecuteAsync("CREATE TABLE t (v INTEGER)");
        var transaction = await bed.BeginAsync();
        await bed.ExecuteAsync("INSERT INTO t VALUES (0)", transactionId: transaction);
        var endless = Task.Run(() => bed.ExecuteAsync("INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c", transactionId: transaction));

        for (var i = 0; i < 500 && !endless.IsCompleted; i++)
        {
            await Task.Delay(10);
            bed.Time.Advance(TimeSpan.FromSeconds(5));
        }

        var timedOut = await Assert.ThrowsAsync<AwsServiceException>(() => endless);
        var commit = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CommitAsync(transaction));

        Assert.Equal(DataApiErrors.Codes.StatementTimeout, timedOut.Code);
        Assert.Equal(DataApiErrors.Codes.TransactionNotFound, commit.Code);
        Assert.EndsWith("an error in a statement rolled it back.", commit.Message, StringComparison.Ordinal);
        Assert.Equal(0, bed.DataApi.OpenTransactions);
        Assert.Equal(["0"], await bed.ColumnAsync("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task CommitAndRollback_OnlyCommittedRowsAreVisible_AndAnEndedTransactionIsNotFoundWithItsReason()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        await bed.ExecuteAsync("CREATE TABLE t (v TEXT)");
        var kept = await bed.BeginAsync();
        await bed.ExecuteAsync("INSERT INTO t VALUES ('kept')", transactionId: kept);
        var outsideBeforeCommit = await bed.ColumnAsync("SELECT v FROM t");
        var insideBeforeCommit = await bed.ColumnAsync("SELECT v FROM t", kept);
        var committed = await bed.CommitAsync(kept);
        var dropped = await bed.BeginAsync();
        await bed.ExecuteAsync("INSERT INTO t VALUES ('dropped')", transactionId: dropped);
        var rolledBack = await bed.DataApi.RollbackTransactionAsync(bed.Alice, bed.ClusterArn, bed.SecretArn, dropped, default);

        var again = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CommitAsync(kept));
        var unknown = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT 1", transactionId: "bm90LWEtdHJhbnNhY3Rpb24="));
        var otherAccount = await Assert.ThrowsAsync<AwsServiceException>(() => bed.DataApi.ExecuteStatementAsync(bed.Mallory, new ExecuteStatementRequest
        {
            ResourceArn = bed.ClusterArn,
            SecretArn = bed.SecretArn,
            Sql = "SELECT v FROM t",
        }, default));

        Assert.Empty(outsideBeforeCommit);
        Assert.Equal(["kept"], insideBeforeCommit);
        Assert.Equal(("Transaction Committed", "Rollback Complete"), (committed, rolledBack));
        Assert.Equal(["kept"], await bed.ColumnAsync("SELECT v FROM t"));
        Assert.Equal(DataApiErrors.Codes.TransactionNotFound, again.Code);
        Assert.EndsWith("it was committed.", again.Message, StringComparison.Ordinal);
        Assert.Equal(DataApiErrors.Codes.TransactionNotFound, unknown.Code);
        Assert.Equal((DataApiErrors.Codes.NotFound, 404), (otherAccount.Code, otherAccount.HttpStatus));
    }
}
