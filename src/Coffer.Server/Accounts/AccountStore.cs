using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Metadata;

namespace Coffer.Server.Accounts;

/// <summary>
/// Accounts, their admin principals and access keys, in the metadata store. Secret access keys are stored only
/// sealed (AES-256-GCM) under a key derived from the root key, bound to their access key id: SigV4 verification
/// needs the secret itself, so a one-way hash cannot serve. Found keys are cached in memory; unknown ids are always
/// looked up again, so a key created by <c>coffer accounts create</c> in another process works at once.
/// </summary>
internal sealed partial class AccountStore : IDisposable
{
    /// <summary>The name of the account created on first start; its CLI profile is <c>default</c>.</summary>
    public const string DefaultAccountName = "default";

    private const string AdminUserName = "admin";
    private const string SecretPurpose = "accounts/secret-access-key";

    private readonly IMetadataStore _store;
    private readonly byte[] _secretKey;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SigningIdentity> _cache = new(StringComparer.Ordinal);

    public AccountStore(IMetadataStore store, RootKey rootKey, TimeProvider time)
    {
        _store = store;
        _time = time;
        _secretKey = GC.AllocateArray<byte>(RootKey.Length, pinned: true);
        var derived = rootKey.DeriveKey(SecretPurpose);
        derived.CopyTo(_secretKey, 0);
        CryptographicOperations.ZeroMemory(derived);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex AccountNamePattern();

    /// <summary>Creates an account with an <c>admin</c> principal and one access key.</summary>
    /// <exception cref="AccountException">The name is invalid or taken.</exception>
    public async Task<NewAccount> CreateAsync(string name, CancellationToken cancellationToken)
    {
        if (!AccountNamePattern().IsMatch(name))
        {
            throw new AccountException($"'{name}' is not a valid account name: use 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.");
        }

        await using var connection = await _store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ScalarAsync(transaction, "SELECT COUNT(*) FROM accounts WHERE name = @name;", cancellationToken, ("@name", name)) is long and > 0)
        {
            throw new AccountException($"An account named '{name}' already exists.");
        }

        AccountId id;
        do
        {
            id = AccountId.CreateRandom();
        }
        while (await connection.ScalarAsync(transaction, "SELECT COUNT(*) FROM accounts WHERE account_id = @id;", cancellationToken, ("@id", id.Value)) is long and > 0);

        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var userId = CredentialGenerator.UserId();
        var arn = $"arn:aws:iam::{id.Value}:user/{AdminUserName}";
        var accessKeyId = CredentialGenerator.AccessKeyId();
        var secret = CredentialGenerator.SecretAccessKey();
        await connection.ExecuteAsync(transaction, "INSERT INTO accounts (account_id, name, created_at) VALUES (@id, @name, @now);", cancellationToken, ("@id", id.Value), ("@name", name), ("@now", now));
        await connection.ExecuteAsync(transaction, "INSERT INTO principals (user_id, account_id, user_name, arn, created_at) VALUES (@userId, @id, @userName, @arn, @now);", cancellationToken,
            ("@userId", userId), ("@id", id.Value), ("@userName", AdminUserName), ("@arn", arn), ("@now", now));
        await connection.ExecuteAsync(transaction, "INSERT INTO access_keys (access_key_id, user_id, secret_sealed, status, created_at) VALUES (@akid, @userId, @sealed, 'Active', @now);", cancellationToken,
            ("@akid", accessKeyId), ("@userId", userId), ("@sealed", Seal(accessKeyId, secret)), ("@now", now));
        await transaction.CommitAsync(cancellationToken);
        return new NewAccount(id, name, arn, accessKeyId, secret);
    }

    /// <summary>Every account, oldest first.</summary>
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.account_id, a.name, a.created_at, k.access_key_id
            FROM accounts a
            LEFT JOIN principals p ON p.account_id = a.account_id
            LEFT JOIN access_keys k ON k.user_id = p.user_id
            ORDER BY a.created_at, a.account_id, k.created_at;
            """;
        var accounts = new List<AccountSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = AccountId.Parse(reader.GetString(0));
            if (accounts.Count == 0 || accounts[^1].Id != id)
            {
                accounts.Add(new AccountSummary(id, reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture), new List<string>()));
            }

            if (!reader.IsDBNull(3))
            {
                ((List<string>)accounts[^1].AccessKeyIds).Add(reader.GetString(3));
            }
        }

        return accounts.Select(a => a with { AccessKeyIds = a.AccessKeyIds.ToList() }).ToList();
    }

    /// <summary>The account, principal and secret of an active access key, or <see langword="null"/>.</summary>
    public async ValueTask<SigningIdentity?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(accessKeyId, out var cached))
        {
            return cached;
        }

        await using var connection = await _store.OpenConnectionAsync(cancellationToken);
        await using var command = MetadataCommands.Create(connection, null, """
            SELECT p.account_id, p.user_id, p.arn, k.secret_sealed
            FROM access_keys k JOIN principals p ON p.user_id = k.user_id
            WHERE k.access_key_id = @akid AND k.status = 'Active';
            """, ("@akid", accessKeyId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var identity = new SigningIdentity(AccountId.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), Open(accessKeyId, (byte[])reader.GetValue(3)));
        _cache[accessKeyId] = identity;
        return identity;
    }

    /// <summary>Each account's name and admin credentials, for writing the AWS CLI profile files.</summary>
    public async Task<IReadOnlyList<(string Name, string AccessKeyId, string SecretAccessKey)>> ReadProfilesAsync(CancellationToken cancellationToken)
    {
        var profiles = new List<(string, string, string)>();
        foreach (var account in await ListAsync(cancellationToken))
        {
            if (account.AccessKeyIds.Count > 0 && await FindAccessKeyAsync(account.AccessKeyIds[0], cancellationToken) is { } identity)
            {
                profiles.Add((account.Name, account.AccessKeyIds[0], identity.SecretAccessKey));
            }
        }

        return profiles;
    }

    /// <inheritdoc />
    public void Dispose() => CryptographicOperations.ZeroMemory(_secretKey);

    private byte[] Seal(string accessKeyId, string secret)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        try
        {
            return SecretBox.Seal(_secretKey, plaintext, AssociatedData(accessKeyId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private string Open(string accessKeyId, byte[] sealedSecret)
    {
        if (!SecretBox.TryOpen(_secretKey, sealedSecret, AssociatedData(accessKeyId), out var plaintext))
        {
            throw new MetadataStoreException($"The stored secret of access key {accessKeyId} cannot be opened: the metadata store was altered or belongs to another root key.");
        }

        try
        {
            return Encoding.UTF8.GetString(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] AssociatedData(string accessKeyId) => Encoding.UTF8.GetBytes("coffer:access-key:" + accessKeyId);
}
