using Coffer.Keys.Crypto;
using Coffer.Keys.Grants;
using Coffer.Keys.Identifiers;

namespace Coffer.Keys.Service;

/// <summary>GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom and ReEncrypt.</summary>
public sealed partial class KeyService
{
    /// <summary>The largest data key or random byte string KMS makes (botocore NumberOfBytesType).</summary>
    public const int MaxDataKeyBytes = 1024;

    /// <summary>
    /// Makes a data key of <paramref name="numberOfBytes"/> random bytes, or of the size <paramref name="keySpec"/>
    /// (<c>AES_128</c> or <c>AES_256</c>) names — exactly one of the two — and seals it under the key's current material,
    /// bound to <paramref name="context"/>. With <paramref name="withPlaintext"/> the result carries the plaintext (the
    /// caller disposes it, which zeroes it); without, the plaintext is zeroed before this returns.
    /// </summary>
    public async Task<DataKeyResult> GenerateDataKeyAsync(
        KmsCaller caller, string? keyId, int? numberOfBytes, string? keySpec, EncryptionContext context, IReadOnlyList<string>? grantTokens,
        bool withPlaintext, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        var length = DataKeyLength(numberOfBytes, keySpec);
        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.Any, crossAccount: true, createManaged: true, cancellationToken);
        var (action, operation) = withPlaintext
            ? ("kms:GenerateDataKey", GrantOperation.GenerateDataKey)
            : ("kms:GenerateDataKeyWithoutPlaintext", GrantOperation.GenerateDataKeyWithoutPlaintext);
        Authorize(caller, entry, action, operation, context, grantTokens);
        var key = entry.Key;
        RequireEnabled(key);
        if (dryRun)
        {
            throw KmsErrors.DryRun();
        }

        var plaintext = SecretBuffer.CreateRandom(length);
        try
        {
            var blob = CiphertextBlob.Seal(key.Id, key.CurrentMaterial, Material(entry, key.CurrentMaterial).ReadOnlySpan, plaintext.ReadOnlySpan, context);
            if (!withPlaintext)
            {
                plaintext.Dispose();
            }

            return new DataKeyResult(key.Arn, key.CurrentMaterial, blob, withPlaintext ? plaintext : null);
        }
        catch
        {
            plaintext.Dispose();
            throw;
        }
    }

    /// <summary>GenerateRandom: <paramref name="numberOfBytes"/> (1–1024) bytes from the OS's CSPRNG; the caller disposes them.</summary>
    public static SecretBuffer GenerateRandom(int? numberOfBytes)
    {
        if (numberOfBytes is null)
        {
            throw KmsErrors.Validation(KmsErrors.NumberOfBytesOrKeySpecMessage);
        }

        CheckNumberOfBytes(numberOfBytes.Value);
        return SecretBuffer.CreateRandom(numberOfBytes.Value);
    }

    /// <summary>
    /// ReEncrypt: opens <paramref name="ciphertext"/> under its own key (a <paramref name="sourceKeyId"/> given must name it,
    /// else IncorrectKeyException) with <paramref name="sourceContext"/>, and seals the plaintext under
    /// <paramref name="destinationKeyId"/> with <paramref name="destinationContext"/>. The caller needs kms:ReEncryptFrom on
    /// the source and kms:ReEncryptTo on the destination (or grants for ReEncryptFrom / ReEncryptTo); both keys must be
    /// enabled. The plaintext exists only in a pinned buffer, zeroed before this returns.
    /// </summary>
    public async Task<ReEncryptResult> ReEncryptAsync(
        KmsCaller caller, ReadOnlyMemory<byte> ciphertext, EncryptionContext sourceContext, string? sourceKeyId, string? destinationKeyId,
        EncryptionContext destinationContext, IReadOnlyList<string>? grantTokens, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(sourceContext);
        ArgumentNullException.ThrowIfNull(destinationContext);
        var source = await KeyOfBlobAsync(caller, ciphertext, sourceKeyId, "kms:ReEncryptFrom", GrantOperation.ReEncryptFrom, sourceContext, grantTokens, cancellationToken);
        var destination = await ResolveAsync(caller, destinationKeyId, KeyReferenceForms.Any, crossAccount: true, createManaged: true, cancellationToken);
        Authorize(caller, destination, "kms:ReEncryptTo", GrantOperation.ReEncryptTo, destinationContext, grantTokens);
        RequireEnabled(source.Key);
        RequireEnabled(destination.Key);
        if (dryRun)
        {
            throw KmsErrors.DryRun();
        }

        _ = CiphertextBlob.TryParseHeader(ciphertext.Span, out var header);
        using var plaintext = Open(source, ciphertext.Span, sourceContext);
        var target = destination.Key;
        var blob = CiphertextBlob.Seal(target.Id, target.CurrentMaterial, Material(destination, target.CurrentMaterial).ReadOnlySpan, plaintext.ReadOnlySpan, destinationContext);
        return new ReEncryptResult(source.Key.Arn, header.MaterialId, target.Arn, target.CurrentMaterial, blob);
    }

    /// <summary>The data key length: NumberOfBytes (1–1024) or KeySpec, exactly one of them.</summary>
    internal static int DataKeyLength(int? numberOfBytes, string? keySpec)
    {
        if ((numberOfBytes is null) == (keySpec is null))
        {
            throw KmsErrors.Validation(KmsErrors.NumberOfBytesOrKeySpecMessage);
        }

        if (numberOfBytes is { } bytes)
        {
            CheckNumberOfBytes(bytes);
            return bytes;
        }

        return keySpec switch
        {
            "AES_128" => 16,
            "AES_256" => 32,
            _ => throw KmsErrors.Validation("keySpec", "Member must satisfy enum value set: [AES_256, AES_128]", keySpec),
        };
    }

    private static void CheckNumberOfBytes(int bytes)
    {
        if (bytes < 1)
        {
            throw KmsErrors.Validation("numberOfBytes", "Member must have value greater than or equal to 1", bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (bytes > MaxDataKeyBytes)
        {
            throw KmsErrors.Validation("numberOfBytes", $"Member must have value less than or equal to {MaxDataKeyBytes}", bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
