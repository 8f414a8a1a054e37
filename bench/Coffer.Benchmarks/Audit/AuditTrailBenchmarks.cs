using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using Coffer.Audit;
using Coffer.Storage;
using Coffer.Storage.Metadata;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Benchmarks.Audit;

/// <summary>
/// Recording throughput of the audit trail on the encrypted metadata store (<c>synchronous=FULL</c>): four producers
/// record KMS Decrypt-shaped events concurrently, then one flush makes them all durable. One operation = one event,
/// so events/s = 1 / mean (the Op/s column). The batch size sets how many events share one commit.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[Config(typeof(OperationsPerSecondConfig))]
public class AuditTrailBenchmarks
{
    private const int Events = 20_000;
    private const int Producers = 4;

    private string _root = null!;
    private RootKey _rootKey = null!;
    private SqliteMetadataStore _store = null!;
    private AuditTrail _trail = null!;
    private AuditEvent[] _events = null!;

    [Params(32, 512)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "coffer-bench-audit-" + Guid.NewGuid().ToString("N")[..8]);
        _rootKey = RootKey.CreateRandom();
        _store = SqliteMetadataStore.OpenAsync(_root, _rootKey, AuditMigrations.All, TimeProvider.System, default).GetAwaiter().GetResult();
        _trail = new AuditTrail(_store, new AuditOptions { BatchSize = BatchSize }, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        const string Account = "111122223333";
        var now = TimeProvider.System.GetUtcNow();
        _events = [.. Enumerable.Range(0, Events).Select(i => new AuditEvent
        {
            UserIdentity = new AuditUserIdentity
            {
                Type = "IAMUser", PrincipalId = "AIDAEXAMPLE000000001", Arn = $"arn:aws:iam::{Account}:user/admin",
                AccountId = Account, AccessKeyId = "AKIAEXAMPLE000000001", UserName = "admin",
            },
            EventTime = now,
            EventSource = "kms.amazonaws.com",
            EventName = "Decrypt",
            AwsRegion = "us-east-1",
            SourceIpAddress = "127.0.0.1",
            UserAgent = "aws-cli/1.45.11 Python/3.11.7 Linux/6.18 botocore/1.43.11",
            RequestParameters = new JsonObject
            {
                ["encryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
                ["encryptionContext"] = new JsonObject { ["aws:rds:db-id"] = "cluster-" + (i % 16) },
            },
            RequestId = Guid.NewGuid().ToString(),
            ReadOnly = true,
            Resources = [new AuditResource { AccountId = Account, Type = "AWS::KMS::Key", Arn = $"arn:aws:kms:us-east-1:{Account}:key/{i % 16:D8}-12ab-34cd-56ef-1234567890ab" }],
            RecipientAccountId = Account,
        })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _trail.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.Dispose();
        SqliteMetadataStore.ReleaseConnections();
        _rootKey.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "RecordAsync × 4 producers, then FlushAsync (per event)")]
    public async Task RecordAndFlush()
    {
        await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < Events; i += Producers)
            {
                await _trail.RecordAsync(_events[i]);
            }
        })));
        await _trail.FlushAsync();
    }

    private sealed class OperationsPerSecondConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public OperationsPerSecondConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
