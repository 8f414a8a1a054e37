using Coffer.Keys.Crypto;
using Coffer.Keys.Grants;
using Coffer.Keys.Identifiers;
using Coffer.Keys.Store;

namespace Coffer.Keys.Service;

/// <summary>Encrypt and Decrypt: envelope encryption under a key's material, in the versioned blob format.</summary>
public sealed partial class KeyService
{
    /// <summary>Encrypts up to 4096 bytes under the key's current material, bound to <paramref name="context"/>.</summary>
    public async Task<CryptoResult> EncryptAsync(
        KmsCaller caller, string? keyId, ReadOnlyMemory<byte> plaintext, EncryptionContext context, IReadOnlyList<string>? grantTokens, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.Any, crossAccount: true, createManaged: true, cancellationToken);
        Authorize(caller, entry, "kms:Encrypt", GrantOperation.Encrypt, context, grantTokens);
        var key = entry.Key;
        RequireEnabled(key);
        if (dryRun)
        {
            throw KmsErrors.DryRun();
        }

        var blob = CiphertextBlob.Seal(key.Id, key.CurrentMaterial, Material(entry, key.CurrentMaterial).ReadOnlySpan, plaintext.Span, context);
        return new CryptoResult(key.Arn, key.CurrentMaterial, blob);
    }

    /// <summary>
    /// Decrypts a blob: the key comes from the blob's header (a <paramref name="keyId"/> given must name the same key,
    /// else IncorrectKeyException), the material from its material id. Any malformed, foreign or tampered blob, or a
    /// context that differs, is InvalidCiphertextException with no detail. The caller disposes the plaintext.
    /// </summary>
    public async Task<DecryptResult> DecryptAsync(
        KmsCaller caller, ReadOnlyMemory<byte> ciphertext, EncryptionContext context, string? keyId, IReadOnlyList<string>? grantTokens, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = await KeyOfBlobAsync(caller, ciphertext, keyId, "kms:Decrypt", GrantOperation.Decrypt, context, grantTokens, cancellationToken);
        RequireEnabled(entry.Key);
        if (dryRun)
        {
            throw KmsErrors.DryRun();
        }

        return new DecryptResult(entry.Key.Arn, Open(entry, ciphertext.Span, context));
    }

    /// <summary>
    /// The key a blob was made with, checked against <paramref name="keyId"/> when one is given, and the caller
    /// authorised for <paramref name="action"/> on it.
    /// </summary>
    internal async ValueTask<KeyEntry> KeyOfBlobAsync(
        KmsCaller caller, ReadOnlyMemory<byte> ciphertext, string? keyId, string action, GrantOperation operation, EncryptionContext context, IReadOnlyList<string>? grantTokens, CancellationToken cancellationToken)
    {
        if (!CiphertextBlob.TryParseHeader(ciphertext.Span, out var header))
        {
            throw KmsErrors.InvalidCiphertext();
        }

        KeyEntry entry;
        if (keyId is not null)
        {
            entry = await ResolveAsync(caller, keyId, KeyReferenceForms.Any, crossAccount: true, createManaged: false, cancellationToken);
            if (entry.Key.Id != header.KeyId)
            {
                throw KmsErrors.IncorrectKey();
            }
        }
        else
        {
            // A blob names its key by id alone: the key must be in the caller's region; its account is the key's own
            // (cross-account decryption is the key policy's decision).
            entry = _store.Find(header.KeyId) is { } found && found.Key.Region == caller.Region ? found : throw KmsErrors.InvalidCiphertext();
        }

        Authorize(caller, entry, action, operation, context, grantTokens);
        return entry;
    }

    /// <summary>Opens a blob with the generation of material it names; any failure is InvalidCiphertextException.</summary>
    internal SecretBuffer Open(KeyEntry entry, ReadOnlySpan<byte> ciphertext, EncryptionContext context)
    {
        if (!CiphertextBlob.TryParseHeader(ciphertext, out var header) || !entry.Materials.Any(m => m.Id == header.MaterialId))
        {
            throw KmsErrors.InvalidCiphertext();
        }

        return CiphertextBlob.TryOpen(ciphertext, Material(entry, header.MaterialId).ReadOnlySpan, context, out var plaintext)
            ? plaintext!
            : throw KmsErrors.InvalidCiphertext();
    }
}
