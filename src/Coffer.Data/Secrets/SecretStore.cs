using System.Collections.Concurrent;
using System.Text.Json;
using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Data.Secrets;

/// <summary>
/// Secret records: durable in the metadata store (one JSON document per secret, keyed by ARN, unique by account,
/// region and name), held in memory for reads. Writes go to the database first, one at a time. The store holds
/// ciphertext only: <see cref="SecretVersion"/> has no plaintext member.
/// </summary>
public sealed class SecretStore : IDisposable
{
    private readonly IMetadataStore _store;
    private readonly ConcurrentDictionary<string, Secret> _rows = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writer = new(1, 1);

    private SecretStore(IMetadataStore store) => _store = store;

    /// <summary>Loads every secret.</summary>
    public static async Task<SecretStore> LoadAsync(IMetadataStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var secrets = new SecretStore(store);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = MetadataCommands.Create(connection, null, "SELECT document FROM secrets;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var secret = JsonSerializer.Deserialize(reader.GetString(0), SecretsJsonContext.Default.Secret)!;
            secrets._rows[secret.Arn] = secret;
        }

        return secrets;
    }

    /// <summary>Every secret (for maintenance).</summary>
    public IEnumerable<Secret> All => _rows.Values;

    /// <summary>A secret by exact ARN, or <see langword="null"/>.</summary>
    public Secret? FindByArn(string arn) => _rows.TryGetValue(arn, out var secret) ? secret : null;

    /// <summary>A secret by name in an account and region, or <see langword="null"/>.</summary>
    public Secret? FindByName(AccountId account, string region, string name) =>
        _rows.Values.FirstOrDefault(s => s.Account == account && s.Region == region && string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>The secrets of an account in a region.</summary>
    public IEnumerable<Secret> Of(AccountId account, string region) => _rows.Values.Where(s => s.Account == account && s.Region == region);

    /// <summary>Adds a secret; <see langword="false"/> when its name is taken in its account and region.</summary>
    public async Task<bool> TryAddAsync(Secret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (FindByName(secret.Account, secret.Region, secret.Name) is not null)
            {
                return false;
            }

            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "INSERT INTO secrets (arn, account_id, region, name, document) VALUES (@r, @a, @g, @n, @d);", cancellationToken,
                ("@r", secret.Arn), ("@a", secret.Account.Value), ("@g", secret.Region), ("@n", secret.Name), ("@d", JsonSerializer.Serialize(secret, SecretsJsonContext.Default.Secret)));
            _rows[secret.Arn] = secret;
            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Replaces a secret's record.</summary>
    public async Task UpdateAsync(Secret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "UPDATE secrets SET document = @d WHERE arn = @r;", cancellationToken,
                ("@r", secret.Arn), ("@d", JsonSerializer.Serialize(secret, SecretsJsonContext.Default.Secret)));
            _rows[secret.Arn] = secret;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Removes a secret and every version of it.</summary>
    public async Task RemoveAsync(string arn, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "DELETE FROM secrets WHERE arn = @r;", cancellationToken, ("@r", arn));
            _rows.TryRemove(arn, out _);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
