using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Coffer.Storage.Archives;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Benchmarks.Storage;

/// <summary>
/// The cost of the change log on the write path, and the throughput of sealing and point-in-time restore.
/// <para>
/// Write workloads, as in <see cref="VolumeWorkloadBenchmarks"/> and on encrypted volumes only: each pair a category
/// with the log off as baseline, so the Ratio column is log on / log off. Rows are
/// <c>t(id INTEGER PRIMARY KEY, payload BLOB)</c>; every case gets a fresh volume in its own temporary directory, and
/// the log keeps its default segment size (64 MiB) and age (5 minutes), so that rotations fall where they would.
/// </para>
/// <list type="bullet">
/// <item>a. bulk insert: 1000 rows of 100 bytes in one transaction (synchronous=FULL, the default);</item>
/// <item>b1/b2. autocommit insert: one row of 100 bytes a transaction, with FULL (with the log on: the log's fsync
/// and the WAL's a commit) and NORMAL (no fsync at commit in WAL mode: the CPU and write-syscall cost);</item>
/// <item>f. checkpoint: <c>PRAGMA wal_checkpoint(TRUNCATE)</c> after 5000 rows written in 5 transactions (the writes
/// are in the iteration setup, not measured).</item>
/// </list>
/// <para>
/// Sealing and restore, on an encrypted volume whose log was filled (in the global setup) until it closed its first
/// segment at 64 MiB, by transactions of 1000 rows of 1000 random bytes (about 250 pages each):
/// </para>
/// <list type="bullet">
/// <item>seal: <see cref="ChangeLogArchives.SealAsync"/> of that closed segment into a <see cref="DirectoryArchiveStore"/>
/// under the temporary directory (scan and verify the segment, decrypt every page, write an encrypted archive, fsync,
/// rename, delete the segment). The iteration setup puts a fresh copy of the segment in place (written and fsynced,
/// so in the OS cache) and empties the store;</item>
/// <item>restore: <see cref="ChangeLogArchives.RestoreToTimeAsync"/> from an archive of the volume taken when it held
/// only the empty table, replaying that segment, sealed, from the store up to its last commit (decrypt and verify the
/// segment archive, encrypt every page into the new database, fsync, then open it and <c>quick_check</c>).</item>
/// </list>
/// MB/s for both = page bytes in the segment (printed by the global setup: 4096 × frame records) / time.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
public class ChangeLogBenchmarks
{
    private const string BulkInsert = "a. bulk insert 1000 rows/tx FULL";
    private const string AutocommitFull = "b1. autocommit insert FULL";
    private const string AutocommitNormal = "b2. autocommit insert NORMAL";
    private const string Checkpoint = "f. checkpoint 5000 rows";
    private const string Seal = "g. seal a 64 MiB segment";
    private const string Restore = "h. point-in-time restore, 64 MiB of log";
    private const string Prefix = "log/";

    private static readonly VolumeOptions Full = new();
    private static readonly VolumeOptions Normal = new() { Synchronous = "NORMAL" };

    private readonly byte[] _payload = new byte[100];
    private readonly VolumeKeyMaterial _archiveKey = new(RandomNumberGenerator.GetBytes(32), [1], "arn:aws:kms:us-east-1:111122223333:key/bench-archive", new Dictionary<string, string>());
    private string _root = null!;
    private Volume _volume = null!;
    private SqliteConnection _connection = null!;
    private SqliteCommand _insert = null!;
    private DirectoryArchiveStore _store = null!;
    private string _pristineSegment = null!;
    private string _segmentPath = null!;
    private byte[] _baseArchive = null!;
    private DateTimeOffset _lastCommit;
    private string? _restored;
    private int _restores;

    [GlobalSetup(Targets = [nameof(BulkInsertLogOff), nameof(AutocommitFullLogOff), nameof(CheckpointLogOff)])]
    public void SetupFullLogOff() => SetupWrites(Full);

    [GlobalSetup(Targets = [nameof(BulkInsertLogOn), nameof(AutocommitFullLogOn), nameof(CheckpointLogOn)])]
    public void SetupFullLogOn() => SetupWrites(WithLog(Full));

    [GlobalSetup(Target = nameof(AutocommitNormalLogOff))]
    public void SetupNormalLogOff() => SetupWrites(Normal);

    [GlobalSetup(Target = nameof(AutocommitNormalLogOn))]
    public void SetupNormalLogOn() => SetupWrites(WithLog(Normal));

    [GlobalSetup(Target = nameof(SealSegment))]
    public void SetupSeal()
    {
        CreateVolume(WithLog(Full));
        FillFirstSegment();
        _store = new DirectoryArchiveStore(Path.Combine(_root, "store"));
        _pristineSegment = Path.Combine(_root, "pristine.seg");
        File.Copy(_segmentPath, _pristineSegment);
        File.Delete(_segmentPath);
    }

    [GlobalSetup(Target = nameof(RestoreToEndOfLog))]
    public void SetupRestore()
    {
        CreateVolume(WithLog(Full));
        using (var output = new MemoryStream())
        {
            var manifest = VolumeArchives.WriteSnapshotAsync(_volume, output, _archiveKey, TimeProvider.System, default).GetAwaiter().GetResult();
            _baseArchive = output.ToArray();
            Console.WriteLine($"// base archive: {_baseArchive.Length} bytes, log LSN {manifest.LogLsn}");
        }

        FillFirstSegment();
        _lastCommit = _volume.ChangeLogPosition!.Value.CommitTime;
        _store = new DirectoryArchiveStore(Path.Combine(_root, "store"));
        var names = SealOnce();
        Console.WriteLine($"// sealed: {string.Join(", ", names)}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _insert?.Dispose();
        _connection.Dispose();
        _volume.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [IterationSetup(Targets = [nameof(CheckpointLogOff), nameof(CheckpointLogOn)])]
    public void WriteBeforeCheckpoint()
    {
        for (var i = 0; i < 5; i++)
        {
            InsertTransaction();
        }
    }

    [IterationSetup(Target = nameof(SealSegment))]
    public void PlaceSegment()
    {
        foreach (var entry in Directory.GetFiles(Path.Combine(_root, "store"), "*", SearchOption.AllDirectories))
        {
            File.Delete(entry);
        }

        // A fresh copy of the closed segment, on disk and in the OS cache, as a segment closed a moment ago is.
        using (var source = new FileStream(_pristineSegment, FileMode.Open, FileAccess.Read))
        using (var copy = new FileStream(_segmentPath, FileMode.CreateNew, FileAccess.Write))
        {
            source.CopyTo(copy);
            copy.Flush(flushToDisk: true);
        }
    }

    [IterationSetup(Target = nameof(RestoreToEndOfLog))]
    public void NameRestore() => _restored = Path.Combine(_root, "restored-" + _restores++);

    [IterationCleanup(Target = nameof(RestoreToEndOfLog))]
    public void DeleteRestore()
    {
        SqliteConnection.ClearAllPools();
        if (_restored is not null && Directory.Exists(_restored))
        {
            Volume.Delete(_restored);
        }
    }

    [BenchmarkCategory(BulkInsert), Benchmark(Baseline = true)]
    public void BulkInsertLogOff() => InsertTransaction();

    [BenchmarkCategory(BulkInsert), Benchmark]
    public void BulkInsertLogOn() => InsertTransaction();

    [BenchmarkCategory(AutocommitFull), Benchmark(Baseline = true)]
    public int AutocommitFullLogOff() => _insert.ExecuteNonQuery();

    [BenchmarkCategory(AutocommitFull), Benchmark]
    public int AutocommitFullLogOn() => _insert.ExecuteNonQuery();

    [BenchmarkCategory(AutocommitNormal), Benchmark(Baseline = true)]
    public int AutocommitNormalLogOff() => _insert.ExecuteNonQuery();

    [BenchmarkCategory(AutocommitNormal), Benchmark]
    public int AutocommitNormalLogOn() => _insert.ExecuteNonQuery();

    [BenchmarkCategory(Checkpoint), Benchmark(Baseline = true), InvocationCount(1)]
    public int CheckpointLogOff() => RunCheckpoint();

    [BenchmarkCategory(Checkpoint), Benchmark, InvocationCount(1)]
    public int CheckpointLogOn() => RunCheckpoint();

    [BenchmarkCategory(Seal), Benchmark, InvocationCount(1)]
    public int SealSegment()
    {
        var names = SealOnce();
        return names.Count == 1 ? 1 : throw new InvalidOperationException($"Sealed {names.Count} segments, not 1.");
    }

    [BenchmarkCategory(Restore), Benchmark, InvocationCount(1)]
    public long RestoreToEndOfLog()
    {
        using var volume = ChangeLogArchives.RestoreToTimeAsync(
            new PointInTimeRestoreRequest
            {
                BaseArchive = new MemoryStream(_baseArchive),
                BaseArchiveKey = _archiveKey.DataKey,
                RestoreTime = _lastCommit,
                Store = _store,
                SegmentPrefix = Prefix,
                SegmentKey = (_, _) => Task.FromResult<byte[]?>(_archiveKey.DataKey),
                Directory = _restored!,
                VolumeKey = Key(RandomNumberGenerator.GetBytes(32)),
                Time = TimeProvider.System,
            },
            default).GetAwaiter().GetResult();
        return new FileInfo(volume.DatabasePath).Length;
    }

    private static VolumeOptions WithLog(VolumeOptions options) => options with { ChangeLog = new ChangeLogOptions { Time = TimeProvider.System } };

    private static VolumeKeyMaterial Key(byte[] dataKey) => new(dataKey, RandomNumberGenerator.GetBytes(184), "arn:aws:kms:us-east-1:000000000000:key/bench", new Dictionary<string, string>());

    private void CreateVolume(VolumeOptions options)
    {
        _root = Path.Combine(Path.GetTempPath(), "coffer-bench-changelog-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        _volume = Volume.Create(Path.Combine(_root, "volume"), Key(RandomNumberGenerator.GetBytes(32)), TimeProvider.System, options);
        _connection = _volume.OpenConnection();
        Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
    }

#pragma warning disable CA5394 // Reproducible benchmark data, not secrets.
    private void SetupWrites(VolumeOptions options)
    {
        CreateVolume(options);
        new Random(20261127).NextBytes(_payload);
        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO t (payload) VALUES ($payload)";
        _insert.Parameters.Add("$payload", SqliteType.Blob).Value = _payload;
        _insert.Prepare();
    }
#pragma warning restore CA5394

    /// <summary>Writes until the log closes its first segment (at 64 MiB); leaves its path in <see cref="_segmentPath"/>.</summary>
    private void FillFirstSegment()
    {
        var directory = Path.Combine(_volume.Directory, "changelog");
        var first = _volume.ChangeLog!.CurrentSegment;
        var transactions = 0;
        while (_volume.ChangeLog.CurrentSegment == first)
        {
            Execute("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000) INSERT INTO t (payload) SELECT randomblob(1000) FROM c");
            transactions++;
        }

        _segmentPath = first;
        var segment = ChangeLogSegment.Scan(first, _volume.Manifest.VolumeId, _volume.Cipher.ChangeLogKey, collectFrames: true)!;
        var frames = segment.Commits.Sum(commit => commit.Frames.Count);
        Console.WriteLine(
            $"// closed segment: {transactions} transactions, {segment.Commits.Count} commits, {frames} frames, " +
            $"{frames * 4096L} page bytes ({frames * 4096L / 1e6:F1} MB), file {new FileInfo(first).Length} bytes; " +
            $"{Directory.GetFiles(directory).Length} segment files; database {new FileInfo(_volume.DatabasePath).Length} bytes");
    }

    private IReadOnlyList<string> SealOnce() =>
        ChangeLogArchives.SealAsync(_volume, _store, Prefix, _ => Task.FromResult<VolumeKeyMaterial?>(_archiveKey), TimeProvider.System, default).GetAwaiter().GetResult();

    private void InsertTransaction()
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        for (var i = 0; i < 1000; i++)
        {
            _insert.ExecuteNonQuery();
        }

        transaction.Commit();
        _insert.Transaction = null;
    }

    private int RunCheckpoint()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        using var reader = command.ExecuteReader();
        reader.Read();
        if (reader.GetInt32(0) != 0)
        {
            throw new InvalidOperationException("The checkpoint was blocked.");
        }

        return reader.GetInt32(2);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
