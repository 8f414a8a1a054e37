using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>
/// The shape every RDS record table shares: one JSON document per resource, keyed by an id that never changes, unique
/// by account, region and identifier (which may change), held in memory for reads. Writes go to the database first,
/// one at a time. The table has the columns <c>resource_id, account_id, region, identifier, document</c>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class DocumentTable<T> : IDisposable
    where T : class
{
    private readonly IMetadataStore _store;
    private readonly string _table;
    private readonly JsonTypeInfo<T> _type;
    private readonly Func<T, DocumentKey> _key;
    private readonly ConcurrentDictionary<string, T> _rows = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writer = new(1, 1);

    private DocumentTable(IMetadataStore store, string table, JsonTypeInfo<T> type, Func<T, DocumentKey> key)
    {
        _store = store;
        _table = table;
        _type = type;
        _key = key;
    }

    /// <summary>Loads every row of <paramref name="table"/>.</summary>
    public static async Task<DocumentTable<T>> LoadAsync(IMetadataStore store, string table, JsonTypeInfo<T> type, Func<T, DocumentKey> key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var documents = new DocumentTable<T>(store, table, type, key);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = MetadataCommands.Create(connection, null, $"SELECT document FROM {table};");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = JsonSerializer.Deserialize(reader.GetString(0), type)!;
            documents._rows[key(row).Id] = row;
        }

        return documents;
    }

    /// <summary>Every row.</summary>
    public IEnumerable<T> All => _rows.Values;

    /// <summary>A row by id, or <see langword="null"/>.</summary>
    public T? FindById(string id) => _rows.TryGetValue(id, out var row) ? row : null;

    /// <summary>A row by identifier, or <see langword="null"/>.</summary>
    public T? Find(AccountId account, string region, string identifier) =>
        _rows.Values.FirstOrDefault(r => _key(r) is var k && k.Account == account && k.Region == region && string.Equals(k.Identifier, identifier, StringComparison.Ordinal));

    /// <summary>The rows of an account in a region, by identifier.</summary>
    public IEnumerable<T> Of(AccountId account, string region) =>
        _rows.Values.Where(r => _key(r) is var k && k.Account == account && k.Region == region).OrderBy(r => _key(r).Identifier, StringComparer.Ordinal);

    /// <summary>Adds a row; <see langword="false"/> when its identifier is taken in its account and region.</summary>
    public async Task<bool> TryAddAsync(T row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = _key(row);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (Find(key.Account, key.Region, key.Identifier) is not null)
            {
                return false;
            }

            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, $"INSERT INTO {_table} (resource_id, account_id, region, identifier, document) VALUES (@r, @a, @g, @i, @d);", cancellationToken,
                ("@r", key.Id), ("@a", key.Account.Value), ("@g", key.Region), ("@i", key.Identifier), ("@d", JsonSerializer.Serialize(row, _type)));
            _rows[key.Id] = row;
            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Replaces a row, renaming it when its identifier changed; <see langword="false"/> (nothing written) when another row
    /// of its account and region already has that identifier.
    /// </summary>
    public async Task<bool> TryUpdateAsync(T row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = _key(row);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (Find(key.Account, key.Region, key.Identifier) is { } holder && !string.Equals(_key(holder).Id, key.Id, StringComparison.Ordinal))
            {
                return false;
            }

            await WriteAsync(row, key, cancellationToken);
            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Replaces a row (its identifier may change; the caller checks that a new one is free).</summary>
    public async Task UpdateAsync(T row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = _key(row);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await WriteAsync(row, key, cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Removes a row.</summary>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, $"DELETE FROM {_table} WHERE resource_id = @r;", cancellationToken, ("@r", id));
            _rows.TryRemove(id, out _);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private async Task WriteAsync(T row, DocumentKey key, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(null, $"UPDATE {_table} SET identifier = @i, document = @d WHERE resource_id = @r;", cancellationToken,
            ("@r", key.Id), ("@i", key.Identifier), ("@d", JsonSerializer.Serialize(row, _type)));
        _rows[key.Id] = row;
    }
}

/// <summary>What identifies a record: its permanent id and its (account, region, identifier).</summary>
internal readonly record struct DocumentKey(string Id, AccountId Account, string Region, string Identifier);
