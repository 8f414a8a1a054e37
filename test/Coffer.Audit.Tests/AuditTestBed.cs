using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Audit.Tests;

/// <summary>A real encrypted metadata store in a temporary directory, a fake clock, and a trail over them.</summary>
internal sealed class AuditTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    public static readonly AccountId Account = AccountId.Parse("111122223333");
    public static readonly AccountId OtherAccount = AccountId.Parse("444455556666");
    public const string Region = "us-east-1";

    private readonly TestDirectory _directory = new();
    private readonly RootKey _rootKey = RootKey.CreateRandom();
    private SqliteMetadataStore? _store;

    public FakeTimeProvider Time { get; } = new(Start);

    public AuditOptions Options { get; } = new();

    public AuditTrail Trail { get; private set; } = null!;

    public SqliteMetadataStore Store => _store!;

    public static async Task<AuditTestBed> StartAsync(Action<AuditOptions>? configure = null, ILogger<AuditTrail>? logger = null)
    {
        var bed = new AuditTestBed();
        configure?.Invoke(bed.Options);
        bed._store = await SqliteMetadataStore.OpenAsync(bed._directory.Path, bed._rootKey, AuditMigrations.All, bed.Time, default);
        bed.Trail = new AuditTrail(bed._store, bed.Options, bed.Time, logger ?? NullLogger<AuditTrail>.Instance);
        return bed;
    }

    /// <summary>A KMS Decrypt-shaped event of <paramref name="account"/> at <paramref name="time"/> (default: now).</summary>
    public AuditEvent Event(
        string eventName = "Decrypt", DateTimeOffset? time = null, AccountId? account = null, string region = Region,
        string keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", bool readOnly = true,
        string userName = "admin", string accessKeyId = "AKIAEXAMPLE000000001", string eventSource = "kms.amazonaws.com") =>
        AuditSamples.KmsCall((account ?? Account).Value, keyArn, time ?? Time.GetUtcNow(), eventName, readOnly, region, userName, accessKeyId, eventSource);

    public static AuditQuery Query(AuditLookupFilter? attribute = null, AccountId? account = null, int? maxResults = null, string? nextToken = null, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new()
        {
            Account = account ?? Account,
            Region = Region,
            Attribute = attribute,
            MaxResults = maxResults,
            NextToken = nextToken,
            StartTime = start,
            EndTime = end,
        };

    /// <summary>Every page of <paramref name="query"/>, concatenated.</summary>
    public async Task<List<AuditRecord>> LookupAllAsync(AuditQuery query)
    {
        var all = new List<AuditRecord>();
        string? token = null;
        do
        {
            var page = await Trail.LookupAsync(query with { NextToken = token }, default);
            all.AddRange(page.Events);
            token = page.NextToken;
        }
        while (token is not null);
        return all;
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Store.OpenConnectionAsync(default);
        return (long)(await connection.ScalarAsync(null, $"SELECT COUNT(*) FROM {table};", default))!;
    }

    public async ValueTask DisposeAsync()
    {
        await Trail.DisposeAsync();
        _store?.Dispose();
        SqliteMetadataStore.ReleaseConnections();
        _rootKey.Dispose();
        _directory.Dispose();
    }

    /// <summary>Reopens the trail on the same store, as a restarted server does.</summary>
    public async Task RestartAsync()
    {
        await Trail.DisposeAsync();
        Trail = new AuditTrail(Store, Options, Time, NullLogger<AuditTrail>.Instance);
    }
}
