using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Benchmarks.Storage;

/// <summary>
/// The same SQLite workloads on an encrypted volume and on an unencrypted one (the same VFS, cipher off), each pair
/// a category with the plain volume as baseline, so the Ratio column is encrypted / plain. Every case gets a fresh
/// volume in its own temporary directory. Rows are <c>t(id INTEGER PRIMARY KEY, payload BLOB)</c>.
/// <list type="bullet">
/// <item>bulk insert: 1000 rows of 100 bytes in one transaction (synchronous=FULL, the default);</item>
/// <item>autocommit insert: one row of 100 bytes a transaction, with FULL (an fsync a commit) and NORMAL (no fsync
/// at commit in WAL mode: the CPU cost);</item>
/// <item>warm point reads: random primary keys in 100k rows of 100 bytes (~11 MB) with a 64 MiB page cache, warmed
/// by a full scan; per read;</item>
/// <item>cache-missing point reads: random keys in 200k rows of 250 bytes (~55 MB) with a 64 KiB page cache (the OS
/// cache stays warm, so this is pread + decrypt); per read;</item>
/// <item>range scan: <c>SELECT SUM(length(payload))</c> over 50k consecutive rows, warm (100k-row table, 64 MiB
/// cache) and cache-missing (200k-row table, 64 KiB cache);</item>
/// <item>checkpoint: <c>PRAGMA wal_checkpoint(TRUNCATE)</c> after 5000 rows written in 5 transactions (the writes are
/// in the iteration setup, not measured).</item>
/// </list>
/// Keys come from a fixed-seed <see cref="Random"/> so that both volumes read the same sequence.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
public class VolumeWorkloadBenchmarks
{
    private const string BulkInsert = "a. bulk insert 1000 rows/tx";
    private const string AutocommitFull = "b1. autocommit insert FULL";
    private const string AutocommitNormal = "b2. autocommit insert NORMAL";
    private const string WarmReads = "c. point read, warm cache";
    private const string ColdReads = "d. point read, cache miss";
    private const string WarmScan = "e1. range scan 50k rows, warm";
    private const string ColdScan = "e2. range scan 50k rows, cache miss";
    private const string Checkpoint = "f. checkpoint 5000 rows";

    private const int ReadsPerInvoke = 1000;
    private const int WarmRows = 100_000;
    private const int ColdRows = 200_000;

    private static readonly VolumeOptions Full = new();
    private static readonly VolumeOptions Normal = new() { Synchronous = "NORMAL" };
    private static readonly VolumeOptions LargeCache = new() { CacheSizeKiB = 64 * 1024 };
    private static readonly VolumeOptions SmallCache = new() { CacheSizeKiB = 64 };

    private readonly byte[] _payload = new byte[100];
    private string _directory = null!;
    private Volume _volume = null!;
    private SqliteConnection _connection = null!;
    private SqliteCommand _insert = null!;
    private SqliteParameter _insertPayload = null!;
    private SqliteCommand _read = null!;
    private SqliteParameter _readKey = null!;
    private SqliteCommand _scan = null!;
    private long[] _keys = [];
    private int _nextKey;

    [GlobalSetup(Targets = [nameof(BulkInsertPlain), nameof(AutocommitFullPlain), nameof(CheckpointPlain)])]
    public void SetupEmptyPlain() => Setup(encrypted: false, Full, rows: 0, payloadSize: 0);

    [GlobalSetup(Targets = [nameof(BulkInsertEncrypted), nameof(AutocommitFullEncrypted), nameof(CheckpointEncrypted)])]
    public void SetupEmptyEncrypted() => Setup(encrypted: true, Full, rows: 0, payloadSize: 0);

    [GlobalSetup(Target = nameof(AutocommitNormalPlain))]
    public void SetupNormalPlain() => Setup(encrypted: false, Normal, rows: 0, payloadSize: 0);

    [GlobalSetup(Target = nameof(AutocommitNormalEncrypted))]
    public void SetupNormalEncrypted() => Setup(encrypted: true, Normal, rows: 0, payloadSize: 0);

    [GlobalSetup(Targets = [nameof(WarmReadsPlain), nameof(WarmScanPlain)])]
    public void SetupWarmPlain() => Setup(encrypted: false, LargeCache, WarmRows, payloadSize: 100);

    [GlobalSetup(Targets = [nameof(WarmReadsEncrypted), nameof(WarmScanEncrypted)])]
    public void SetupWarmEncrypted() => Setup(encrypted: true, LargeCache, WarmRows, payloadSize: 100);

    [GlobalSetup(Targets = [nameof(ColdReadsPlain), nameof(ColdScanPlain)])]
    public void SetupColdPlain() => Setup(encrypted: false, SmallCache, ColdRows, payloadSize: 250);

    [GlobalSetup(Targets = [nameof(ColdReadsEncrypted), nameof(ColdScanEncrypted)])]
    public void SetupColdEncrypted() => Setup(encrypted: true, SmallCache, ColdRows, payloadSize: 250);

    [GlobalCleanup]
    public void Cleanup()
    {
        _insert.Dispose();
        _read.Dispose();
        _scan.Dispose();
        _connection.Dispose();
        _volume.Dispose();
        Volume.Delete(_directory);
    }

    [IterationSetup(Targets = [nameof(CheckpointPlain), nameof(CheckpointEncrypted)])]
    public void WriteBeforeCheckpoint()
    {
        for (var i = 0; i < 5; i++)
        {
            InsertTransaction();
        }
    }

    [BenchmarkCategory(BulkInsert), Benchmark(Baseline = true)]
    public void BulkInsertPlain() => InsertTransaction();

    [BenchmarkCategory(BulkInsert), Benchmark]
    public void BulkInsertEncrypted() => InsertTransaction();

    [BenchmarkCategory(AutocommitFull), Benchmark(Baseline = true)]
    public int AutocommitFullPlain() => _insert.ExecuteNonQuery();

    [BenchmarkCategory(AutocommitFull), Benchmark]
    public int AutocommitFullEncrypted() => _insert.ExecuteNonQuery();

    [BenchmarkCategory(AutocommitNormal), Benchmark(Baseline = true)]
    public int AutocommitNormalPlain() => _insert.ExecuteNonQuery();

    [BenchmarkCategory(AutocommitNormal), Benchmark]
    public int AutocommitNormalEncrypted() => _insert.ExecuteNonQuery();

    [BenchmarkCategory(WarmReads), Benchmark(Baseline = true, OperationsPerInvoke = ReadsPerInvoke)]
    public long WarmReadsPlain() => PointReads();

    [BenchmarkCategory(WarmReads), Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public long WarmReadsEncrypted() => PointReads();

    [BenchmarkCategory(ColdReads), Benchmark(Baseline = true, OperationsPerInvoke = ReadsPerInvoke)]
    public long ColdReadsPlain() => PointReads();

    [BenchmarkCategory(ColdReads), Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public long ColdReadsEncrypted() => PointReads();

    [BenchmarkCategory(WarmScan), Benchmark(Baseline = true)]
    public object? WarmScanPlain() => _scan.ExecuteScalar();

    [BenchmarkCategory(WarmScan), Benchmark]
    public object? WarmScanEncrypted() => _scan.ExecuteScalar();

    [BenchmarkCategory(ColdScan), Benchmark(Baseline = true)]
    public object? ColdScanPlain() => _scan.ExecuteScalar();

    [BenchmarkCategory(ColdScan), Benchmark]
    public object? ColdScanEncrypted() => _scan.ExecuteScalar();

    [BenchmarkCategory(Checkpoint), Benchmark(Baseline = true), InvocationCount(1)]
    public int CheckpointPlain() => RunCheckpoint();

    [BenchmarkCategory(Checkpoint), Benchmark, InvocationCount(1)]
    public int CheckpointEncrypted() => RunCheckpoint();

#pragma warning disable CA5394 // Reproducible benchmark data and key sequences, not secrets.
    private void Setup(bool encrypted, VolumeOptions options, int rows, int payloadSize)
    {
        _directory = Path.Combine(Path.GetTempPath(), "coffer-bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        var dataKey = RandomNumberGenerator.GetBytes(32);

        // Fill with a page cache larger than any fill transaction, then reopen with the options under test. A write
        // transaction larger than the page cache spills pages into the WAL and rewrites them in place, and on an
        // encrypted volume that currently breaks the WAL (see docs/benchmarks.md, "Storage"): the 64 KiB cache of
        // the cache-missing cases must not be used to write.
        var fillOptions = options with { CacheSizeKiB = Math.Max(options.CacheSizeKiB, 64 * 1024) };
        _volume = encrypted
            ? Volume.Create(_directory, new VolumeKeyMaterial(dataKey, RandomNumberGenerator.GetBytes(184), "arn:aws:kms:us-east-1:000000000000:key/bench", new Dictionary<string, string>()), TimeProvider.System, fillOptions)
            : Volume.CreateUnencrypted(_directory, TimeProvider.System, fillOptions);
        _connection = _volume.OpenConnection();
        Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
        if (rows > 0)
        {
            // Transactions of 10k rows (at most 2.5 MB), then everything moves into the database file, so that reads
            // hit the database file, not WAL frames.
            for (var first = 1; first <= rows; first += 10_000)
            {
                Execute($"WITH RECURSIVE c(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM c WHERE i < {Math.Min(rows, first + 9_999)}) INSERT INTO t (id, payload) SELECT i, randomblob({payloadSize}) FROM c");
            }

            Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        if (fillOptions != options)
        {
            _connection.Dispose();
            _volume.Dispose();
            _volume = encrypted ? Volume.Open(_directory, dataKey, options) : Volume.OpenUnencrypted(_directory, options);
            _connection = _volume.OpenConnection();
        }

        if (rows > 0)
        {
            using var warm = _connection.CreateCommand();
            warm.CommandText = "SELECT SUM(length(payload)) FROM t";
            warm.ExecuteScalar();
        }

        var random = new Random(20261127);
        random.NextBytes(_payload);
        _keys = new long[1 << 16];
        for (var i = 0; i < _keys.Length; i++)
        {
            _keys[i] = random.NextInt64(1, Math.Max(rows, 1) + 1L);
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO t (payload) VALUES ($payload)";
        _insertPayload = _insert.Parameters.Add("$payload", SqliteType.Blob);
        _insertPayload.Value = _payload;
        _insert.Prepare();
        _read = _connection.CreateCommand();
        _read.CommandText = "SELECT payload FROM t WHERE id = $id";
        _readKey = _read.Parameters.Add("$id", SqliteType.Integer);
        _readKey.Value = 1L;
        _read.Prepare();
        _scan = _connection.CreateCommand();
        _scan.CommandText = "SELECT SUM(length(payload)) FROM t WHERE id BETWEEN 25001 AND 75000";
        _scan.Prepare();
    }
#pragma warning restore CA5394

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

    private long PointReads()
    {
        long found = 0;
        for (var i = 0; i < ReadsPerInvoke; i++)
        {
            _readKey.Value = _keys[_nextKey++ & (_keys.Length - 1)];
            using var reader = _read.ExecuteReader();
            if (reader.Read())
            {
                found += reader.GetFieldValue<byte[]>(0).Length;
            }
        }

        return found;
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
