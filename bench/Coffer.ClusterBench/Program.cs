using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Archives;
using Coffer.Storage.Metadata;
using Microsoft.Data.Sqlite;

// Cluster lifecycle timings through the RDS control plane, in-process (no HTTP), on real files and the system clock:
// the same work on an encrypted and an unencrypted cluster in one run, so the ratio is what encryption costs.
var sizeMiB = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var root = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "coffer-cluster-bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
Directory.CreateDirectory(root);
var caller = new KmsCaller(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/bench", "eu-west-1");
var time = TimeProvider.System;
using var rootKey = RootKey.CreateRandom();
using var metadata = await SqliteMetadataStore.OpenAsync(root, rootKey, [.. KeyMigrations.All, .. ClusterMigrations.All], time, default);
using var keyStore = await KeyStore.LoadAsync(metadata, default);
using var keys = new KeyService(keyStore, rootKey, time, new KeysOptions());
using var clusterStore = await ClusterStore.LoadAsync(metadata, default);
using var snapshots = await SnapshotStore.LoadAsync(metadata, default);
var clusters = new ClusterService(clusterStore, keys, rootKey, new ClusterOptions { Directory = Path.Combine(root, "clusters") }, time, new Coffer.ClusterBench.StderrLogger<ClusterService>())
{
    Snapshots = snapshots,
    SnapshotArchives = new DirectoryArchiveStore(Path.Combine(root, "snapshots")),
};
var key = await keys.CreateKeyAsync(caller, null, "bench", false, new Dictionary<string, string>(), default);
var newKey = await keys.CreateKeyAsync(caller, null, "bench copy", false, new Dictionary<string, string>(), default);

Console.WriteLine($"cluster benchmark: {sizeMiB} MiB of rows per cluster, data in {root}");
var results = new List<(string Step, double Encrypted, double Plain, string Unit)>();
var measuredSize = sizeMiB;
sizeMiB = 1;
await RunAsync("warm-enc", key.Arn, newKey.Arn);
await RunAsync("warm-plain", null, null);
sizeMiB = measuredSize;
var plain = await RunAsync("plain", null, null);
var encrypted = await RunAsync("enc", key.Arn, newKey.Arn);
foreach (var step in encrypted.Keys)
{
    results.Add((step, encrypted[step], plain[step], step.StartsWith("create", StringComparison.Ordinal) ? "ms" : "MB/s"));
}

Console.WriteLine();
Console.WriteLine("| Step | Encrypted | Unencrypted | Encrypted / unencrypted (time) |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (step, enc, pln, unit) in results)
{
    var ratio = unit == "ms" ? enc / pln : pln / enc;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step} | {enc:0.#} {unit} | {pln:0.#} {unit} | {ratio:0.00}× |"));
}

await clusters.DisposeAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(root, recursive: true);
return;

async Task<Dictionary<string, double>> RunAsync(string name, string? keyArn, string? copyKeyArn)
{
    var result = new Dictionary<string, double>(StringComparer.Ordinal);
    var clock = Stopwatch.StartNew();
    var cluster = await clusters.CreateAsync(caller, new CreateClusterRequest
    {
        Identifier = name,
        Engine = ClusterEngine.Name,
        MasterUsername = "admin",
        MasterUserPassword = "Passw0rd!",
        StorageEncrypted = keyArn is not null,
        KmsKeyId = keyArn,
    }, default);
    await clusters.DrainAsync();
    result["create to available"] = clock.Elapsed.TotalMilliseconds;

    clock.Restart();
    var bytes = await clusters.UseVolumeAsync(cluster.ResourceId, (volume, _) => Task.FromResult((object)Fill(volume, sizeMiB)), default) ?? throw new InvalidOperationException("not open");
    var mb = (long)bytes / 1e6;
    result["fill (inserts, 1,000 rows of 4 KiB per transaction)"] = mb / clock.Elapsed.TotalSeconds;

    clock.Restart();
    var snapshot = await clusters.CreateSnapshotAsync(caller, name + "-snap", cluster.Identifier, new Dictionary<string, string>(), default);
    await clusters.DrainAsync();
    result["snapshot (archive written)"] = mb / clock.Elapsed.TotalSeconds;
    Check(snapshots.FindById(snapshot.SnapshotId), "snapshot");

    clock.Restart();
    var copy = await clusters.CopySnapshotAsync(caller, new CopySnapshotRequest { SourceIdentifier = snapshot.Identifier, TargetIdentifier = name + "-copy", KmsKeyId = copyKeyArn }, default);
    await clusters.DrainAsync();
    result["copy (every record re-encrypted, under another key when encrypted)"] = mb / clock.Elapsed.TotalSeconds;
    Check(snapshots.FindById(copy.SnapshotId), "copy");

    clock.Restart();
    var restored = await clusters.RestoreFromSnapshotAsync(caller, new RestoreClusterRequest { Identifier = name + "-restored", SnapshotIdentifier = copy.Identifier, Engine = ClusterEngine.Name }, default);
    await clusters.DrainAsync();
    result["restore of the copy (new volume, verified)"] = mb / clock.Elapsed.TotalSeconds;
    if (clusterStore.FindByResourceId(restored.ResourceId)?.Status != ClusterStatus.Available)
    {
        throw new InvalidOperationException("The restore did not complete.");
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {mb:0} MB of rows; {string.Join("; ", result.Select(r => $"{r.Key} {r.Value:0.#}"))}"));
    return result;
}

static long Fill(Coffer.Storage.Volumes.Volume volume, int sizeMiB)
{
    using var connection = volume.OpenConnection();
    using (var create = connection.CreateCommand())
    {
        create.CommandText = "CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL);";
        create.ExecuteNonQuery();
    }

    var body = new byte[4096];
    var rows = (long)sizeMiB * 1024 * 1024 / body.Length;
    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO rows (body) VALUES ($body);";
    var parameter = insert.Parameters.Add("$body", SqliteType.Blob);
    for (long i = 0; i < rows; i += 1000)
    {
        using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        for (var j = 0; j < 1000 && i + j < rows; j++)
        {
            RandomNumberGenerator.Fill(body);
            parameter.Value = body;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    return rows * body.Length;
}

static void Check(DbClusterSnapshot? snapshot, string what)
{
    if (snapshot?.Status != SnapshotStatus.Available)
    {
        throw new InvalidOperationException($"The {what} did not complete.");
    }
}
