using Coffer.Keys;
using Coffer.Keys.Service;

namespace Coffer.Data.Secrets;

/// <summary>
/// The Secrets Manager subset over the <see cref="SecretStore"/>: secrets per account and region, each version's
/// value envelope-encrypted under the secret's KMS key (see <see cref="SecretCipher"/>), staging labels, the recovery
/// window and final deletion. Partial files hold the operations by concern; this one holds what they share.
/// Writes to one account's secrets run one at a time.
/// </summary>
public sealed partial class SecretsService : IDisposable
{
    /// <summary>The label of the current version.</summary>
    public const string Current = "AWSCURRENT";

    /// <summary>The label of the version before it.</summary>
    public const string Previous = "AWSPREVIOUS";

    private readonly SecretStore _store;
    private readonly SecretCipher _cipher;
    private readonly TimeProvider _time;
    private readonly SecretsOptions _options;
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Creates the service over a loaded store.</summary>
    public SecretsService(SecretStore store, KeyService keys, TimeProvider time, SecretsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        _store = store;
        _cipher = new SecretCipher(keys);
        _cipher.KeyUsed += use => KeyUsed?.Invoke(use);
        _time = time;
        _options = options ?? new SecretsOptions();
    }

    /// <summary>Raised for every use of a secret's KMS key, successful or not, for the audit trail.</summary>
    public event Action<SecretKeyUse>? KeyUsed;

    /// <summary>The store.</summary>
    public SecretStore Store => _store;

    /// <summary>The settings.</summary>
    public SecretsOptions Options => _options;

    /// <inheritdoc />
    public void Dispose() => _writes.Dispose();

    /// <summary>
    /// The secret <paramref name="secretId"/> names for <paramref name="caller"/>: by name, full ARN or partial ARN
    /// (without the six-character suffix), in the caller's account and region only. A secret whose recovery window
    /// has ended is gone even before maintenance removes it.
    /// </summary>
    internal Secret Resolve(KmsCaller caller, string secretId)
    {
        if (!SecretNames.TryParseSecretId(secretId, caller.Account, caller.Region, out var fullArn, out var name))
        {
            throw SecretsErrors.SecretNotFound();
        }

        var secret = (fullArn is null ? null : _store.FindByArn(fullArn)) ?? _store.FindByName(caller.Account, caller.Region, name);
        return secret is null || secret.Account != caller.Account || secret.Region != caller.Region || IsGone(secret)
            ? throw SecretsErrors.SecretNotFound()
            : secret;
    }

    /// <summary>Whether the recovery window of a scheduled secret has ended.</summary>
    private bool IsGone(Secret secret) => secret.DeletionDate is { } due && due <= _time.GetUtcNow();

    /// <summary>The secret, refused when it is scheduled for deletion.</summary>
    private Secret ResolveLive(KmsCaller caller, string secretId)
    {
        var secret = Resolve(caller, secretId);
        return secret.IsScheduledForDeletion ? throw SecretsErrors.MarkedForDeletion() : secret;
    }

    private async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _writes.Release();
        }
    }

    private static void CheckKmsKeyId(string? kmsKeyId)
    {
        if (kmsKeyId is { Length: > 2048 })
        {
            throw SecretsErrors.InvalidParameter("The KmsKeyId is longer than 2048 characters.");
        }
    }
}
