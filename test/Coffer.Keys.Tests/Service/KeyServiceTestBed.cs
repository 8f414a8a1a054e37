using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Keys.Tests.Service;

/// <summary>
/// A key service over a real metadata store in a temporary directory, on a fake clock whose "day" is one second, with
/// two accounts' callers. <see cref="ReloadAsync"/> reopens everything from disk, as a restart does.
/// </summary>
internal sealed class KeyServiceTestBed : IAsyncDisposable
{
    private SqliteMetadataStore? _metadata;

    private KeyServiceTestBed()
    {
    }

    public TestDirectory Directory { get; } = new();

    public RootKey RootKey { get; } = RootKey.CreateRandom();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public KeysOptions Options { get; init; } = new() { Day = TimeSpan.FromSeconds(1) };

    public KeyService Keys { get; private set; } = null!;

    public IMetadataStore Metadata => _metadata!;

    /// <summary>The admin of account 111122223333 in us-east-1.</summary>
    public KmsCaller Alice { get; } = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "us-east-1", "AKIAALICE");

    /// <summary>A principal of another account, 444455556666.</summary>
    public KmsCaller Bob { get; } = new(AccountId.Parse("444455556666"), "arn:aws:iam::444455556666:user/bob", "us-east-1", "AKIABOB");

    public static async Task<KeyServiceTestBed> CreateAsync(KeysOptions? options = null)
    {
        var bed = new KeyServiceTestBed { Options = options ?? new KeysOptions { Day = TimeSpan.FromSeconds(1) } };
        await bed.ReloadAsync();
        return bed;
    }

    /// <summary>Closes and reopens the metadata store and the service (material caches are lost, as at a restart).</summary>
    public async Task ReloadAsync()
    {
        Keys?.Dispose();
        Keys?.Store.Dispose();
        _metadata?.Dispose();
        _metadata = await SqliteMetadataStore.OpenAsync(Directory.Path, RootKey, KeyMigrations.All, Time, default);
        Keys = new KeyService(await KeyStore.LoadAsync(_metadata, default), RootKey, Time, Options);
    }

    public async ValueTask DisposeAsync()
    {
        Keys.Dispose();
        Keys.Store.Dispose();
        _metadata?.Dispose();
        RootKey.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Dispose();
        await Task.CompletedTask;
    }
}
