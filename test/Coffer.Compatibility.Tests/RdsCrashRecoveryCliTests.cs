using System.Text.Json;
using Coffer.Clusters;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.Server.Hosting;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// Issue 5: <c>kill -9</c> of a real <c>coffer</c> process while CreateDBClusterSnapshot, CopyDBClusterSnapshot (to a
/// new KMS key) and RestoreDBClusterFromSnapshot are under way, at several moments, then a restart on the same data
/// directory. After recovery nothing is left half-done: every snapshot the server accepted is available or was removed
/// and reported, every restored cluster becomes available, every archive and volume directory belongs to a record,
/// and the cluster's plaintext is on disk nowhere.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsCrashRecoveryCliTests(ITestOutputHelper output)
{
    private const string Marker = "CRASH-CLI-MARKER-5e07";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Master = ["--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!"];

    /// <summary>The CLI must not retry against a server that was just killed.</summary>
    private static readonly Dictionary<string, string> OneAttempt = new(StringComparer.Ordinal) { ["AWS_MAX_ATTEMPTS"] = "1", ["AWS_RETRY_MODE"] = "standard" };

    [Fact]
    public async Task KillDashNine_DuringSnapshotCopyAndRestore_RecoversToRecordsThatMatchTheDisk()
    {
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        var copyKey = await SeedAsync(dataDirectory);

        // Kill when the first of the three requests is answered (the others may not have arrived), while the restore
        // builds its volume, when all three are answered, and a little later (the archives are being written). Each restart recovers what the kill interrupted,
        // and the next round kills that server in turn.
        var url = $"http://127.0.0.1:{CofferExecutable.FreeLoopbackPort()}";
        var server = CofferServerProcess.Start("--data-dir", dataDirectory, "--urls", url);
        try
        {
            var aws = new AwsCli(await server.ReadExportsAsync(StartTimeout));
            var accepted = new List<(string Kind, string Identifier)>();
            foreach (var (round, delay) in new[] { (0, (TimeSpan?)null), (1, (TimeSpan?)null), (2, TimeSpan.Zero), (3, TimeSpan.FromMilliseconds(400)) })
            {
                // Round 1 kills the moment the restore starts building its volume (<clusters>/<id>.restoring-…).
                using var watcher = new FileSystemWatcher(Path.Combine(dataDirectory, "clusters"), "*.restoring-*");
                var building = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                watcher.Created += (_, _) => building.TrySetResult();
                watcher.EnableRaisingEvents = round == 1;
                var operations = new (string Kind, string Identifier, Task<ProcessResult> Run)[]
                {
                    ("snapshot", $"snap-{round}", aws.RunAsync(OneAttempt, "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "source", "--db-cluster-snapshot-identifier", $"snap-{round}")),
                    ("snapshot", $"copy-{round}", aws.RunAsync(OneAttempt, "rds", "copy-db-cluster-snapshot", "--source-db-cluster-snapshot-identifier", "base", "--target-db-cluster-snapshot-identifier", $"copy-{round}", "--kms-key-id", copyKey)),
                    ("cluster", $"restored-{round}", aws.RunAsync(OneAttempt, "rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", $"restored-{round}", "--snapshot-identifier", "base", "--engine", "sqlite")),
                };
                if (delay is { } wait)
                {
                    Assert.All(await Task.WhenAll(operations.Select(o => o.Run)), result => Assert.True(result.ExitCode == 0, result.ToString()));
                    await Task.Delay(wait);
                }
                else if (round == 1)
                {
                    await building.Task.WaitAsync(StartTimeout);
                }
                else
                {
                    await Task.WhenAny(operations.Select(o => o.Run));
                }

                await server.KillAsync(StartTimeout);
                var results = await Task.WhenAll(operations.Select(o => o.Run));
                accepted.AddRange(operations.Where((_, i) => results[i].ExitCode == 0).Select(o => (o.Kind, o.Identifier)));
                await server.DisposeAsync();
                output.WriteLine($"round {round}: accepted {string.Join(", ", operations.Where((_, i) => results[i].ExitCode == 0).Select(o => o.Identifier))}; on disk: " +
                    string.Join(", ", Directory.EnumerateFileSystemEntries(dataDirectory, "*", SearchOption.AllDirectories).Where(f => f.Contains("restoring", StringComparison.Ordinal) || f.Contains(".partial", StringComparison.Ordinal) || f.EndsWith(".archive", StringComparison.Ordinal)).Select(f => Path.GetRelativePath(dataDirectory, f))));

                server = CofferServerProcess.Start("--data-dir", dataDirectory, "--urls", url);
                aws = new AwsCli(await server.ReadExportsAsync(StartTimeout));
                await AssertRecoveredAsync(aws, accepted);
            }

            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await server.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        var archives = Directory.EnumerateFiles(Path.Combine(dataDirectory, "snapshots"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(dataDirectory, "snapshots"), f).Replace(Path.DirectorySeparatorChar, '/')).ToList();
        var volumes = Directory.EnumerateFileSystemEntries(Path.Combine(dataDirectory, "clusters")).Select(Path.GetFileName).ToList();
        var leaking = DiskScan.FilesContaining(dataDirectory, Marker);
        await AssertDiskMatchesRecordsAsync(dataDirectory, archives, volumes);
        Assert.Empty(leaking);
    }

    /// <summary>
    /// With an in-process server (which can write rows the CLI cannot): a second key, an encrypted cluster holding
    /// some 30 MB of rows with the marker, and its snapshot <c>base</c>. Returns the second key's ARN.
    /// </summary>
    private static async Task<string> SeedAsync(string dataDirectory)
    {
        await using var server = await CofferTestServer.StartAsync(dataDirectory: dataDirectory);
        var aws = new AwsCli(server.AwsEnvironment);
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var copyKey = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var cluster = (await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", "source", "--storage-encrypted", "--kms-key-id", key, .. Master])).GetProperty("DBCluster");
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "source");
        var written = await server.Services.GetRequiredService<ClusterService>().UseVolumeAsync(cluster.GetProperty("DbClusterResourceId").GetString()!, (volume, _) =>
        {
            using var connection = volume.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL, padding BLOB NOT NULL);";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO rows (body, padding) WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 3000) SELECT $marker || v, randomblob(10000) FROM n;";
            command.Parameters.AddWithValue("$marker", Marker);
            command.ExecuteNonQuery();
            return Task.FromResult("written");
        }, default);
        Assert.Equal("written", written);
        await OkAsync(aws, "rds", "create-db-cluster-snapshot", "--db-cluster-identifier", "source", "--db-cluster-snapshot-identifier", "base");
        await OkAsync(aws, "rds", "wait", "db-cluster-snapshot-available", "--db-cluster-snapshot-identifier", "base");
        return copyKey;
    }

    /// <summary>
    /// After a restart: every cluster reaches <c>available</c> (restores resume), every snapshot <c>available</c> (none
    /// stays creating or copying), and each accepted request's result exists or — for a snapshot — was reported removed.
    /// </summary>
    private static async Task AssertRecoveredAsync(AwsCli aws, List<(string Kind, string Identifier)> accepted)
    {
        await OkAsync(aws, "rds", "wait", "db-cluster-available");
        await OkAsync(aws, "rds", "wait", "db-cluster-snapshot-available");
        var clusters = Identifiers(await aws.RunJsonAsync("rds", "describe-db-clusters"), "DBClusters", "DBClusterIdentifier");
        var snapshots = Identifiers(await aws.RunJsonAsync("rds", "describe-db-cluster-snapshots"), "DBClusterSnapshots", "DBClusterSnapshotIdentifier");
        var events = (await aws.RunJsonAsync("rds", "describe-events", "--source-type", "db-cluster-snapshot", "--duration", "60")).GetProperty("Events")
            .EnumerateArray().Where(e => e.GetProperty("Message").GetString()!.Contains("restart", StringComparison.Ordinal))
            .Select(e => e.GetProperty("SourceIdentifier").GetString()!).ToHashSet(StringComparer.Ordinal);
        foreach (var (kind, identifier) in accepted)
        {
            if (kind == "cluster")
            {
                Assert.Contains(identifier, clusters);
            }
            else
            {
                Assert.True(snapshots.Contains(identifier) || events.Contains(identifier), $"snapshot {identifier} was accepted, but is neither available nor reported removed.");
            }
        }
    }

    /// <summary>Every archive belongs to a snapshot record or to the log of a cluster or retained backup; every volume directory to a cluster.</summary>
    private static async Task AssertDiskMatchesRecordsAsync(string dataDirectory, List<string> archives, List<string?> volumes)
    {
        await using var server = await CofferTestServer.StartAsync(dataDirectory: dataDirectory);
        var runtime = server.Services.GetRequiredService<CofferRuntime>();
        var snapshotArchives = runtime.Snapshots.All.Select(s => s.ArchiveName).ToHashSet(StringComparer.Ordinal);
        var owners = runtime.Clusters.All.Select(c => c.ResourceId).Concat(runtime.AutomatedBackups.All.Select(b => b.ResourceId)).ToHashSet(StringComparer.Ordinal);
        Assert.All(archives, name => Assert.True(
            snapshotArchives.Contains(name) || (name.Split('/') is [_, _, "log", var owner, _] && owners.Contains(owner)),
            $"{name} under <data-dir>/snapshots belongs to no record."));
        Assert.All(snapshotArchives, name => Assert.Contains(name, archives));
        Assert.Equal(runtime.Clusters.All.Select(c => c.ResourceId).Order(StringComparer.Ordinal), volumes.Order(StringComparer.Ordinal));
    }

    private static HashSet<string> Identifiers(JsonElement response, string list, string property) =>
        response.GetProperty(list).EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToHashSet(StringComparer.Ordinal);

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
