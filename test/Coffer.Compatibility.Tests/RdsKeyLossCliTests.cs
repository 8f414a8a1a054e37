using System.Diagnostics;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// The seed's "Important" box with the real CLI: a cluster loses its key when the key is disabled (recoverable) or when
/// RDS's access to it is revoked (terminal), and recovers through StartDBCluster once the key is enabled again.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsKeyLossCliTests
{
    private const string Recoverable = "inaccessible-encryption-credentials-recoverable";

    [Fact]
    public async Task DisableKey_PutsTheClusterInTheRecoverableStateAtOnce_AndEnableKeyThenStartRecoversIt()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = await CreateClusterAsync(aws, "keyed");

        await OkAsync(aws, "kms", "disable-key", "--key-id", key);
        var lost = await StatusWithinAsync(aws, "keyed", Recoverable, TimeSpan.FromSeconds(1));
        var refused = await aws.RunAsync("rds", "start-db-cluster", "--db-cluster-identifier", "keyed");
        await OkAsync(aws, "kms", "enable-key", "--key-id", key);
        var starting = (await aws.RunJsonAsync("rds", "start-db-cluster", "--db-cluster-identifier", "keyed")).GetProperty("DBCluster").GetProperty("Status").GetString();
        var waited = await aws.RunAsync("rds", "wait", "db-cluster-available", "--db-cluster-identifier", "keyed");
        var events = (await aws.RunJsonAsync("rds", "describe-events", "--source-type", "db-cluster", "--source-identifier", "keyed"))
            .GetProperty("Events").EnumerateArray().Select(e => e.GetProperty("Message").GetString()!).ToList();

        Assert.Equal(Recoverable, lost);
        Assert.Equal(3, events.Count);
        Assert.Equal("DB cluster created", events[0]);
        Assert.StartsWith($"The DB cluster cannot use its KMS key arn:aws:kms:eu-west-1:", events[1], StringComparison.Ordinal);
        Assert.Equal("DB cluster started", events[2]);
        Assert.Contains("(KMSKeyNotAccessibleFault)", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal("starting", starting);
        Assert.True(waited.ExitCode == 0, waited.ToString());
    }

    [Fact]
    public async Task RevokingRdsGrant_PutsTheClusterInTheTerminalState_AndStartIsRefused()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = await CreateClusterAsync(aws, "revoked");
        var grant = (await aws.RunJsonAsync("kms", "list-grants", "--key-id", key)).GetProperty("Grants")[0].GetProperty("GrantId").GetString()!;

        await OkAsync(aws, "kms", "revoke-grant", "--key-id", key, "--grant-id", grant);
        var lost = await StatusWithinAsync(aws, "revoked", "inaccessible-encryption-credentials", TimeSpan.FromSeconds(1));
        var start = await aws.RunAsync("rds", "start-db-cluster", "--db-cluster-identifier", "revoked");

        Assert.Equal("inaccessible-encryption-credentials", lost);
        Assert.Contains("(InvalidDBClusterStateFault)", start.StandardError, StringComparison.Ordinal);
    }

    private static async Task<string> CreateClusterAsync(AwsCli aws, string identifier)
    {
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        await aws.RunJsonAsync("rds", "create-db-cluster", "--db-cluster-identifier", identifier, "--engine", "sqlite", "--master-username", "admin",
            "--master-user-password", "Passw0rd!", "--storage-encrypted", "--kms-key-id", key);
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", identifier);
        return key;
    }

    /// <summary>The cluster's status once it is <paramref name="expected"/>, polled for at most <paramref name="within"/> after the call that changed it.</summary>
    private static async Task<string?> StatusWithinAsync(AwsCli aws, string identifier, string expected, TimeSpan within)
    {
        // Each CLI call takes a few hundred milliseconds by itself: the first look is already within the second.
        var clock = Stopwatch.StartNew();
        string? status;
        do
        {
            status = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", identifier)).GetProperty("DBClusters")[0].GetProperty("Status").GetString();
        }
        while (status != expected && clock.Elapsed < within);

        return status;
    }

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
