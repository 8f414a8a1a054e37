using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Data.Tests.Secrets;

/// <summary>A key service and a secrets service over a real metadata store in a temporary directory, on fake time.</summary>
internal sealed class SecretsTestBed : IAsyncDisposable
{
    private SqliteMetadataStore _metadata = null!;

    private SecretsTestBed()
    {
    }

    public TestDirectory Directory { get; } = new();

    public RootKey RootKey { get; } = RootKey.CreateRandom();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public KeyService Keys { get; private set; } = null!;

    public SecretsService Secrets { get; private set; } = null!;

    public List<SecretKeyUse> KeyUses { get; } = [];

    /// <summary>The admin of account 111122223333 in eu-west-1.</summary>
    public KmsCaller Alice { get; } = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "eu-west-1", "AKIAALICE");

    /// <summary>The admin of another account, 444455556666, in the same region.</summary>
    public KmsCaller Mallory { get; } = new(AccountId.Parse("444455556666"), "arn:aws:iam::444455556666:user/mallory", "eu-west-1", "AKIAMALLORY");

    public static async Task<SecretsTestBed> CreateAsync()
    {
        var bed = new SecretsTestBed();
        bed._metadata = await SqliteMetadataStore.OpenAsync(bed.Directory.Path, bed.RootKey, [.. KeyMigrations.All, .. SecretMigrations.All], bed.Time, default);
        bed.Keys = new KeyService(await KeyStore.LoadAsync(bed._metadata, default), bed.RootKey, bed.Time, new KeysOptions());
        bed.Secrets = new SecretsService(await SecretStore.LoadAsync(bed._metadata, default), bed.Keys, bed.Time);
        bed.Secrets.KeyUsed += bed.KeyUses.Add;
        return bed;
    }

    /// <summary>A new customer managed key of Alice's.</summary>
    public async Task<string> CreateKeyAsync() =>
        (await Keys.CreateKeyAsync(Alice, null, "secrets test", false, new Dictionary<string, string>(), default)).Arn;

    /// <summary>Creates a secret with a string value.</summary>
    public Task<SecretWriteResult> CreateAsync(string name, string value, string? kmsKeyId = null, KmsCaller? caller = null, IReadOnlyList<SecretTag>? tags = null, string? description = null)
    {
        using var secretValue = SecretValue.FromString(value);
        return Secrets.CreateSecretAsync(caller ?? Alice, new CreateSecretRequest { Name = name, KmsKeyId = kmsKeyId, Value = secretValue, Tags = tags ?? [], Description = description }, default);
    }

    /// <summary>The current string value.</summary>
    public async Task<string> GetAsync(string secretId, string? versionId = null, string? stage = null, KmsCaller? caller = null)
    {
        using var result = await Secrets.GetSecretValueAsync(caller ?? Alice, secretId, versionId, stage, default);
        return result.Value.AsString();
    }

    /// <summary>Puts a new string value.</summary>
    public Task<SecretWriteResult> PutAsync(string secretId, string value, string? token = null, IReadOnlyList<string>? stages = null)
    {
        using var secretValue = SecretValue.FromString(value);
        return Secrets.PutSecretValueAsync(Alice, secretId, token, secretValue, stages, default);
    }

    /// <summary>Every file under the directory whose bytes contain <paramref name="marker"/>.</summary>
    public List<string> FilesContaining(string marker)
    {
        SqliteMetadataStore.ReleaseConnections();
        return DiskScan.FilesContaining(Directory.Path, marker);
    }

    public ValueTask DisposeAsync()
    {
        Secrets.Dispose();
        Keys.Dispose();
        _metadata.Dispose();
        SqliteMetadataStore.ReleaseConnections();
        RootKey.Dispose();
        Directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
