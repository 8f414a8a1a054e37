using System.Diagnostics;
using System.Security.Cryptography;
using Coffer.Storage.Archives;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>
/// kill -9 at random moments: a child process commits transactions on a volume and reports each commit after it
/// returned; the parent kills it after a random number of reports, reopens the volume, and checks that every
/// reported commit is there, every row is intact, and SQLite's integrity check passes. The volume keeps a change log:
/// after each kill, a point-in-time restore from an archive of the empty volume to the present must give the same rows.
/// </summary>
[Trait("Category", "Slow")]
public sealed class VolumeCrashTests : IDisposable
{
    private const int Iterations = 12;
    private readonly TestDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Kill_AtRandomMoments_KeepsEveryAcknowledgedCommitAndIntegrity()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var volumePath = Path.Combine(_directory.Path, "vol");
        var acknowledged = new HashSet<long>();
        var options = new VolumeOptions { ChangeLog = new ChangeLogOptions { Time = TimeProvider.System } };
        var archiveKey = RandomNumberGenerator.GetBytes(32);
        byte[] empty;
        using (var created = Volume.Create(volumePath, new VolumeKeyMaterial(key, [], null, new Dictionary<string, string>()), TimeProvider.System, options))
        using (var output = new MemoryStream())
        {
            await VolumeArchives.WriteSnapshotAsync(created, output, new VolumeKeyMaterial(archiveKey, [1], null, new Dictionary<string, string>()), TimeProvider.System, default);
            empty = output.ToArray();
        }

        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var reportsBeforeKill = RandomNumberGenerator.GetInt32(1, 400);
            await RunAndKillAsync(volumePath, key, iteration, reportsBeforeKill, acknowledged);

            using var volume = Volume.Open(volumePath, key, options);
            using (var restored = await ChangeLogArchives.RestoreToTimeAsync(
                new PointInTimeRestoreRequest
                {
                    BaseArchive = new MemoryStream(empty),
                    BaseArchiveKey = archiveKey,
                    RestoreTime = TimeProvider.System.GetUtcNow(),
                    LiveSource = volume,
                    Directory = Path.Combine(_directory.Path, $"restored-{iteration}"),
                    Time = TimeProvider.System,
                },
                default))
            {
                Assert.Equal(Ids(volume), Ids(restored));
            }

            using var connection = volume.OpenConnection();
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
            var present = new HashSet<long>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT id, payload, digest FROM rows";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    present.Add(reader.GetInt64(0));
                    Assert.Equal((byte[])reader.GetValue(2), SHA256.HashData((byte[])reader.GetValue(1)));
                }
            }

            var lost = acknowledged.Except(present).ToList();
            Assert.True(lost.Count == 0, $"iteration {iteration}: {lost.Count} acknowledged rows lost after kill -9 (first: {string.Join(", ", lost.Take(5))})");
        }

        Assert.True(acknowledged.Count > Iterations, "the worker should have acknowledged commits before being killed");
    }

    private static async Task RunAndKillAsync(string volumePath, byte[] key, int seed, int reportsBeforeKill, HashSet<long> acknowledged)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "Coffer.Storage.CrashWorker.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add(volumePath);
        start.ArgumentList.Add(Convert.ToHexString(key));
        start.ArgumentList.Add(seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reports = 0;
        try
        {
            while (reports < reportsBeforeKill)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The crash worker exited early: {await process.StandardError.ReadToEndAsync()}");
                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    acknowledged.Add(long.Parse(line.AsSpan(10), System.Globalization.CultureInfo.InvariantCulture));
                    reports++;
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static string Ids(Volume volume)
    {
        using var connection = volume.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(id || ':' || hex(digest), ',') FROM (SELECT id, digest FROM rows ORDER BY id)";
        return command.ExecuteScalar() as string ?? string.Empty;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
