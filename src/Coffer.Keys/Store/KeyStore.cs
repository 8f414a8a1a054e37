using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;
using Coffer.Keys.Crypto;
using Coffer.Keys.Grants;
using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Keys.Store;

/// <summary>
/// Keys, their wrapped material, aliases, grants and tags: durable in the metadata store (an encrypted volume), and
/// held in memory so that cryptographic calls read no database. Writes go to the database first, in one transaction
/// each, then replace the in-memory snapshot; one writer at a time. The store applies no rules: the key service does.
/// </summary>
public sealed class KeyStore : IDisposable
{
    private readonly IMetadataStore _store;
    private readonly ConcurrentDictionary<Guid, KeyEntry> _keys = new();
    private readonly ConcurrentDictionary<(AccountId Account, string Region, string Name), KmsAlias> _aliases = new();
    private readonly ConcurrentDictionary<string, KmsGrant> _grants = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writer = new(1, 1);

    private KeyStore(IMetadataStore store) => _store = store;

    /// <summary>Loads everything from the metadata store.</summary>
    public static async Task<KeyStore> LoadAsync(IMetadataStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var keyStore = new KeyStore(store);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var materials = new Dictionary<Guid, List<KmsKeyMaterial>>();
        await foreach (var row in QueryAsync(connection, "SELECT key_id, material_id, wrapped, root_key, created_at, rotation_type FROM kms_key_materials ORDER BY created_at, material_id;", cancellationToken))
        {
            _ = KeyMaterialId.TryParse(row.GetString(1), out var id);
            var list = materials.TryGetValue(Guid.Parse(row.GetString(0)), out var found) ? found : materials[Guid.Parse(row.GetString(0))] = [];
            list.Add(new KmsKeyMaterial(id, (byte[])row.GetValue(2), row.GetString(3), FromMillis(row.GetInt64(4)), row.IsDBNull(5) ? null : row.GetString(5)));
        }

        var grants = new Dictionary<Guid, List<KmsGrant>>();
        await foreach (var row in QueryAsync(connection, "SELECT grant_id, key_id, name, grantee, retiring, operations, constraints, issuing_account, created_at, secret FROM kms_grants ORDER BY created_at, grant_id;", cancellationToken))
        {
            var grant = ReadGrant(row);
            (grants.TryGetValue(grant.KeyId, out var list) ? list : grants[grant.KeyId] = []).Add(grant);
            keyStore._grants[grant.GrantId] = grant;
        }

        var tags = new Dictionary<Guid, ImmutableSortedDictionary<string, string>.Builder>();
        await foreach (var row in QueryAsync(connection, "SELECT key_id, tag_key, tag_value FROM kms_tags;", cancellationToken))
        {
            var id = Guid.Parse(row.GetString(0));
            (tags.TryGetValue(id, out var builder) ? builder : tags[id] = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal))[row.GetString(1)] = row.GetString(2);
        }

        await foreach (var row in QueryAsync(connection, "SELECT key_id, account_id, region, description, state, key_manager, created_at, deletion_date, pending_window_days, policy, rotation_enabled, rotation_period_days, next_rotation_at, on_demand_rotations, current_material, managed_alias FROM kms_keys;", cancellationToken))
        {
            var key = ReadKey(row);
            keyStore._keys[key.Id] = new KeyEntry(
                key,
                materials.TryGetValue(key.Id, out var m) ? [.. m] : [],
                grants.TryGetValue(key.Id, out var g) ? [.. g] : [],
                tags.TryGetValue(key.Id, out var t) ? t.ToImmutable() : ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));
        }

        await foreach (var row in QueryAsync(connection, "SELECT account_id, region, alias_name, target_key_id, created_at, updated_at FROM kms_aliases;", cancellationToken))
        {
            var alias = new KmsAlias(AccountId.Parse(row.GetString(0)), row.GetString(1), row.GetString(2), Guid.Parse(row.GetString(3)), FromMillis(row.GetInt64(4)), FromMillis(row.GetInt64(5)));
            keyStore._aliases[(alias.Account, alias.Region, alias.Name)] = alias;
        }

        return keyStore;
    }

    /// <summary>
    /// Raised after a key's state changes, a key is deleted, or a grant is removed, once the change is durable: the
    /// hook through which services using a key (RDS clusters) learn at once that they lost it.
    /// </summary>
    public event Action<KeyStoreChange>? Changed;

    /// <summary>A key's entry, or <see langword="null"/>.</summary>
    public KeyEntry? Find(Guid keyId) => _keys.TryGetValue(keyId, out var entry) ? entry : null;

    /// <summary>The keys of an account in a region, ordered by key id (a stable order for pagination).</summary>
    public IEnumerable<KmsKey> KeysOf(AccountId account, string region) =>
        _keys.Values.Select(e => e.Key).Where(k => k.Account == account && k.Region == region).OrderBy(k => k.KeyId, StringComparer.Ordinal);

    /// <summary>Every key (for maintenance).</summary>
    public IEnumerable<KmsKey> AllKeys => _keys.Values.Select(e => e.Key);

    /// <summary>An alias, or <see langword="null"/>.</summary>
    public KmsAlias? FindAlias(AccountId account, string region, string name) => _aliases.TryGetValue((account, region, name), out var alias) ? alias : null;

    /// <summary>The aliases of an account in a region, by name.</summary>
    public IEnumerable<KmsAlias> AliasesOf(AccountId account, string region) =>
        _aliases.Values.Where(a => a.Account == account && a.Region == region).OrderBy(a => a.Name, StringComparer.Ordinal);

    /// <summary>A grant by id, or <see langword="null"/>.</summary>
    public KmsGrant? FindGrant(string grantId) => _grants.TryGetValue(grantId, out var grant) ? grant : null;

    /// <summary>Every grant (ListRetirableGrants looks across keys).</summary>
    public IEnumerable<KmsGrant> AllGrants => _grants.Values;

    /// <summary>Adds a key with its first material and tags.</summary>
    public Task CreateKeyAsync(KmsKey key, KmsKeyMaterial material, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await InsertKeyAsync(connection, transaction, key, cancellationToken);
            await InsertMaterialAsync(connection, transaction, key.Id, material, cancellationToken);
            foreach (var (tagKey, value) in tags)
            {
                await connection.ExecuteAsync(transaction, "INSERT INTO kms_tags (key_id, tag_key, tag_value) VALUES (@k, @t, @v);", cancellationToken, ("@k", key.KeyId), ("@t", tagKey), ("@v", value));
            }
        }, () => _keys[key.Id] = new KeyEntry(key, [material], [], tags.ToImmutableSortedDictionary(StringComparer.Ordinal)), cancellationToken);

    /// <summary>Replaces a key's metadata.</summary>
    public async Task UpdateKeyAsync(KmsKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var before = Find(key.Id)?.Key.State;
        await WriteAsync((connection, transaction) => UpdateKeyRowAsync(connection, transaction, key, cancellationToken), () => Entry(key.Id).Key = key, cancellationToken);
        if (before != key.State)
        {
            Changed?.Invoke(new KeyStoreChange(key.Id, key.Arn, key.State, null));
        }
    }

    /// <summary>Adds a material generation and makes it current (rotation).</summary>
    public Task AddMaterialAsync(KmsKey key, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await InsertMaterialAsync(connection, transaction, key.Id, material, cancellationToken);
            await UpdateKeyRowAsync(connection, transaction, key, cancellationToken);
        }, () =>
        {
            var entry = Entry(key.Id);
            entry.Materials = entry.Materials.Add(material);
            entry.Key = key;
        }, cancellationToken);

    /// <summary>Replaces the wrapped form of one material generation (root-key rotation).</summary>
    public Task RewrapMaterialAsync(Guid keyId, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(transaction, "UPDATE kms_key_materials SET wrapped = @w, root_key = @r WHERE key_id = @k AND material_id = @m;", cancellationToken, ("@w", material.Wrapped), ("@r", material.RootKeyFingerprint), ("@k", keyId.ToString("D")), ("@m", material.Id.ToString())),
            () =>
            {
                var entry = Entry(keyId);
                entry.Materials = [.. entry.Materials.Select(m => m.Id == material.Id ? material : m)];
            },
            cancellationToken);

    /// <summary>
    /// Deletes a key for good with its material, grants, tags and aliases. The rows are overwritten, not just unlinked
    /// (<c>secure_delete</c>), and the WAL is checkpointed and truncated, so no copy of the wrapped material is left.
    /// </summary>
    public async Task DeleteKeyAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var id = keyId.ToString("D");
        await WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(transaction, "DELETE FROM kms_key_materials WHERE key_id = @k;", cancellationToken, ("@k", id));
            await connection.ExecuteAsync(transaction, "DELETE FROM kms_grants WHERE key_id = @k;", cancellationToken, ("@k", id));
            await connection.ExecuteAsync(transaction, "DELETE FROM kms_tags WHERE key_id = @k;", cancellationToken, ("@k", id));
            await connection.ExecuteAsync(transaction, "DELETE FROM kms_aliases WHERE target_key_id = @k;", cancellationToken, ("@k", id));
            await connection.ExecuteAsync(transaction, "DELETE FROM kms_keys WHERE key_id = @k;", cancellationToken, ("@k", id));
        }, () =>
        {
            if (_keys.TryRemove(keyId, out var entry))
            {
                foreach (var grant in entry.Grants)
                {
                    _grants.TryRemove(grant.GrantId, out _);
                }
            }

            foreach (var alias in _aliases.Values.Where(a => a.TargetKeyId == keyId))
            {
                _aliases.TryRemove((alias.Account, alias.Region, alias.Name), out _);
            }
        }, cancellationToken, secureDelete: true);
        Changed?.Invoke(new KeyStoreChange(keyId, null, null, null));
    }

    /// <summary>Creates or retargets an alias.</summary>
    public Task PutAliasAsync(KmsAlias alias, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(transaction, """
                INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, updated_at) VALUES (@a, @r, @n, @k, @c, @u)
                ON CONFLICT (account_id, region, alias_name) DO UPDATE SET target_key_id = excluded.target_key_id, updated_at = excluded.updated_at;
                """, cancellationToken, ("@a", alias.Account.Value), ("@r", alias.Region), ("@n", alias.Name), ("@k", alias.TargetKeyId.ToString("D")), ("@c", ToMillis(alias.CreationDate)), ("@u", ToMillis(alias.LastUpdatedDate))),
            () => _aliases[(alias.Account, alias.Region, alias.Name)] = alias,
            cancellationToken);

    /// <summary>Deletes an alias.</summary>
    public Task DeleteAliasAsync(KmsAlias alias, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(transaction, "DELETE FROM kms_aliases WHERE account_id = @a AND region = @r AND alias_name = @n;", cancellationToken, ("@a", alias.Account.Value), ("@r", alias.Region), ("@n", alias.Name)),
            () => _aliases.TryRemove((alias.Account, alias.Region, alias.Name), out _),
            cancellationToken);

    /// <summary>Adds a grant.</summary>
    public Task AddGrantAsync(KmsGrant grant, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(transaction, """
                INSERT INTO kms_grants (grant_id, key_id, name, grantee, retiring, operations, constraints, issuing_account, created_at, secret)
                VALUES (@g, @k, @n, @e, @r, @o, @c, @a, @t, @s);
                """, cancellationToken, ("@g", grant.GrantId), ("@k", grant.KeyId.ToString("D")), ("@n", grant.Name), ("@e", grant.GranteePrincipal), ("@r", grant.RetiringPrincipal),
                ("@o", string.Join(',', grant.Operations.Select(GrantOperations.Format))), ("@c", WriteConstraints(grant.Constraints)), ("@a", grant.IssuingAccount.Value), ("@t", ToMillis(grant.CreationDate)), ("@s", grant.Secret)),
            () =>
            {
                var entry = Entry(grant.KeyId);
                entry.Grants = entry.Grants.Add(grant);
                _grants[grant.GrantId] = grant;
            },
            cancellationToken);

    /// <summary>Removes a grant (retired or revoked).</summary>
    public async Task RemoveGrantAsync(KmsGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(transaction, "DELETE FROM kms_grants WHERE grant_id = @g;", cancellationToken, ("@g", grant.GrantId)),
            () =>
            {
                var entry = Entry(grant.KeyId);
                entry.Grants = entry.Grants.RemoveAll(g => g.GrantId == grant.GrantId);
                _grants.TryRemove(grant.GrantId, out _);
            },
            cancellationToken);
        var key = Find(grant.KeyId)?.Key;
        Changed?.Invoke(new KeyStoreChange(grant.KeyId, key?.Arn, key?.State, grant.GrantId));
    }

    /// <summary>Sets tags (adding or replacing values) and removes others, in one transaction.</summary>
    public Task UpdateTagsAsync(Guid keyId, IReadOnlyDictionary<string, string> set, IReadOnlyCollection<string> remove, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var id = keyId.ToString("D");
            foreach (var tagKey in remove)
            {
                await connection.ExecuteAsync(transaction, "DELETE FROM kms_tags WHERE key_id = @k AND tag_key = @t;", cancellationToken, ("@k", id), ("@t", tagKey));
            }

            foreach (var (tagKey, value) in set)
            {
                await connection.ExecuteAsync(transaction, "INSERT INTO kms_tags (key_id, tag_key, tag_value) VALUES (@k, @t, @v) ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value;", cancellationToken, ("@k", id), ("@t", tagKey), ("@v", value));
            }
        }, () =>
        {
            var entry = Entry(keyId);
            entry.Tags = entry.Tags.RemoveRange(remove).SetItems(set);
        }, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private KeyEntry Entry(Guid keyId) => _keys.TryGetValue(keyId, out var entry) ? entry : throw new InvalidOperationException($"Key {keyId} is not in the store.");

    private async Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, Action apply, CancellationToken cancellationToken, bool secureDelete = false)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            if (secureDelete)
            {
                await connection.ExecuteAsync(null, "PRAGMA secure_delete = ON;", cancellationToken);
            }

            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await write(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
            }

            if (secureDelete)
            {
                await connection.ExecuteAsync(null, "PRAGMA secure_delete = OFF;", cancellationToken);
                await using var checkpoint = MetadataCommands.Create(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);");
                await checkpoint.ExecuteNonQueryAsync(cancellationToken);
            }

            apply();
        }
        finally
        {
            _writer.Release();
        }
    }

    private static Task<int> InsertKeyAsync(DbConnection connection, DbTransaction transaction, KmsKey key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction, """
            INSERT INTO kms_keys (key_id, account_id, region, description, state, key_manager, created_at, deletion_date, pending_window_days, policy,
                                  rotation_enabled, rotation_period_days, next_rotation_at, on_demand_rotations, current_material, managed_alias)
            VALUES (@id, @account, @region, @description, @state, @manager, @created, @deletion, @window, @policy, @rotation, @period, @next, @onDemand, @material, @managed);
            """, cancellationToken, KeyParameters(key));

    private static Task<int> UpdateKeyRowAsync(DbConnection connection, DbTransaction transaction, KmsKey key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction, """
            UPDATE kms_keys SET description = @description, state = @state, deletion_date = @deletion, pending_window_days = @window, policy = @policy,
                rotation_enabled = @rotation, rotation_period_days = @period, next_rotation_at = @next, on_demand_rotations = @onDemand, current_material = @material
            WHERE key_id = @id AND account_id = @account AND region = @region AND key_manager = @manager AND created_at = @created AND (managed_alias IS @managed);
            """, cancellationToken, KeyParameters(key));

    private static (string, object?)[] KeyParameters(KmsKey key) =>
    [
        ("@id", key.KeyId), ("@account", key.Account.Value), ("@region", key.Region), ("@description", key.Description), ("@state", key.State.ToString()),
        ("@manager", key.KeyManager.ToString()), ("@created", ToMillis(key.CreationDate)), ("@deletion", key.DeletionDate is { } d ? ToMillis(d) : null),
        ("@window", key.PendingWindowInDays), ("@policy", key.Policy), ("@rotation", key.RotationEnabled ? 1 : 0), ("@period", key.RotationPeriodInDays),
        ("@next", key.NextRotationDate is { } n ? ToMillis(n) : null), ("@onDemand", key.OnDemandRotations), ("@material", key.CurrentMaterial.ToString()), ("@managed", key.ManagedAlias),
    ];

    private static Task<int> InsertMaterialAsync(DbConnection connection, DbTransaction transaction, Guid keyId, KmsKeyMaterial material, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction, "INSERT INTO kms_key_materials (key_id, material_id, wrapped, root_key, created_at, rotation_type) VALUES (@k, @m, @w, @r, @c, @t);", cancellationToken,
            ("@k", keyId.ToString("D")), ("@m", material.Id.ToString()), ("@w", material.Wrapped), ("@r", material.RootKeyFingerprint), ("@c", ToMillis(material.CreatedAt)), ("@t", material.RotationType));

    private static KmsKey ReadKey(DbDataReader row)
    {
        _ = KeyMaterialId.TryParse(row.GetString(14), out var material);
        return new KmsKey
        {
            Id = Guid.Parse(row.GetString(0)),
            Account = AccountId.Parse(row.GetString(1)),
            Region = row.GetString(2),
            Description = row.GetString(3),
            State = Enum.Parse<KeyState>(row.GetString(4)),
            KeyManager = Enum.Parse<KeyManagerType>(row.GetString(5)),
            CreationDate = FromMillis(row.GetInt64(6)),
            DeletionDate = row.IsDBNull(7) ? null : FromMillis(row.GetInt64(7)),
            PendingWindowInDays = row.IsDBNull(8) ? null : row.GetInt32(8),
            Policy = row.GetString(9),
            RotationEnabled = row.GetInt64(10) != 0,
            RotationPeriodInDays = row.GetInt32(11),
            NextRotationDate = row.IsDBNull(12) ? null : FromMillis(row.GetInt64(12)),
            OnDemandRotations = row.GetInt32(13),
            CurrentMaterial = material,
            ManagedAlias = row.IsDBNull(15) ? null : row.GetString(15),
        };
    }

    private static KmsGrant ReadGrant(DbDataReader row) => new()
    {
        GrantId = row.GetString(0),
        KeyId = Guid.Parse(row.GetString(1)),
        Name = row.IsDBNull(2) ? null : row.GetString(2),
        GranteePrincipal = row.GetString(3),
        RetiringPrincipal = row.IsDBNull(4) ? null : row.GetString(4),
        Operations = [.. row.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(name => GrantOperations.TryParse(name, out var op) ? op : throw new InvalidDataException($"Unknown grant operation '{name}' in the store."))],
        Constraints = row.IsDBNull(6) ? null : ReadConstraints(row.GetString(6)),
        IssuingAccount = AccountId.Parse(row.GetString(7)),
        CreationDate = FromMillis(row.GetInt64(8)),
        Secret = (byte[])row.GetValue(9),
    };

    private static string? WriteConstraints(GrantConstraints? constraints) => constraints is null || constraints.IsEmpty
        ? null
        : JsonSerializer.Serialize(new Dictionary<string, IReadOnlyDictionary<string, string>?>
        {
            ["subset"] = constraints.EncryptionContextSubset,
            ["equals"] = constraints.EncryptionContextEquals,
        }, KeyStoreJsonContext.Default.DictionaryStringIReadOnlyDictionaryStringString);

    private static GrantConstraints ReadConstraints(string json)
    {
        var parts = JsonSerializer.Deserialize(json, KeyStoreJsonContext.Default.DictionaryStringDictionaryStringString) ?? [];
        return new GrantConstraints
        {
            EncryptionContextSubset = parts.GetValueOrDefault("subset"),
            EncryptionContextEquals = parts.GetValueOrDefault("equals"),
        };
    }

    private static async IAsyncEnumerable<DbDataReader> QueryAsync(DbConnection connection, string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = MetadataCommands.Create(connection, null, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader;
        }
    }

    internal static long ToMillis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    internal static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
