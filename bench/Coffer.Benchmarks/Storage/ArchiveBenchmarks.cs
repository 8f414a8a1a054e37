using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Coffer.Storage.Archives;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Benchmarks.Storage;

/// <summary>
/// Archive throughput on a ~48 MiB volume: snapshot (online backup into a staging volume, then the archive stream),
/// verify, re-encrypt under a new key, and restore into a new volume. MB/s = archive content size / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ArchiveBenchmarks
{
    private string _root = null!;
    private Volume _source = null!;
    private byte[] _archive = null!;
    private readonly byte[] _archiveKey = RandomNumberGenerator.GetBytes(32);
    private int _restores;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "coffer-bench-archive-" + Guid.NewGuid().ToString("N")[..8]);
        _source = Volume.Create(Path.Combine(_root, "source"), Key(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        using var connection = _source.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 48000) INSERT INTO t (v) SELECT randomblob(1000) FROM n;";
        command.ExecuteNonQuery();
        _archive = SnapshotToMemory().ToArray();
        Console.WriteLine($"// archive content: {_archive.Length / 1_000_000.0:F1} MB");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _source.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Description = "snapshot of a live volume (backup + archive stream)")]
    public long Snapshot() => SnapshotToMemory().Length;

    [Benchmark(Description = "verify")]
    public long Verify() => VolumeArchives.VerifyAsync(new MemoryStream(_archive), _archiveKey, default).GetAwaiter().GetResult().TotalSize;

    [Benchmark(Description = "re-encrypt under a new key")]
    public long ReEncrypt()
    {
        var output = new MemoryStream(_archive.Length + 4096);
        VolumeArchives.ReEncryptAsync(new MemoryStream(_archive), _archiveKey, output, Key(RandomNumberGenerator.GetBytes(32)), TimeProvider.System, default).GetAwaiter().GetResult();
        return output.Length;
    }

    [Benchmark(Description = "restore into a new encrypted volume")]
    public long Restore()
    {
        var directory = Path.Combine(_root, "restore-" + _restores++);
        using (var volume = VolumeArchives.RestoreAsync(new MemoryStream(_archive), _archiveKey, directory, Key(RandomNumberGenerator.GetBytes(32)), TimeProvider.System, default).GetAwaiter().GetResult())
        {
        }

        SqliteConnection.ClearAllPools();
        Volume.Delete(directory);
        return _archive.Length;
    }

    private MemoryStream SnapshotToMemory()
    {
        var output = new MemoryStream(64 * 1024 * 1024);
        VolumeArchives.WriteSnapshotAsync(_source, output, Key(_archiveKey), TimeProvider.System, default).GetAwaiter().GetResult();
        return output;
    }

    private static VolumeKeyMaterial Key(byte[] key) => new(key, [1], "arn:aws:kms:us-east-1:111122223333:key/bench", new Dictionary<string, string>());
}
