using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Coffer.Keys.Crypto;

/// <summary>
/// Coffer's KMS ciphertext blob, format v1 (reference: <c>shared/reference/kms-api.md</c> §3). All numbers big-endian:
/// <code>
/// offset  size  field
///  0       1    magic 0x4B ('K')
///  1       1    format version 0x01
///  2       1    algorithm: low 7 bits 0x01 = HKDF-SHA256 → AES-256-GCM; high bit = multi-Region (mrk-) key id
///  3      16    key id (the UUID in RFC 4122 byte order, or the 32 hex digits after mrk-)
/// 19      16    key-material id
/// 35      16    HKDF salt N (random per message)
/// 51      12    GCM IV (random per message)
/// 63       n    ciphertext
/// 63+n    16    GCM tag
/// </code>
/// The message key is <c>HKDF-SHA256(ikm = key material, salt = N, info = "kms-v1" ‖ key id ‖ material id)</c>, and the
/// associated data is <c>bytes[0..51) ‖ canonical(encryption context)</c>, so the header is authenticated too.
/// </summary>
/// <remarks>
/// Every failure to open is the same <see langword="false"/>, whatever its cause; the caller reports
/// <c>InvalidCiphertextException</c> without detail.
/// </remarks>
public static class CiphertextBlob
{
    /// <summary>The length of the key material this format uses: AES-256.</summary>
    public const int MaterialLength = 32;

    /// <summary>The bytes a blob adds to its plaintext: a 63-byte header and a 16-byte tag.</summary>
    public const int Overhead = HeaderLength + TagLength;

    /// <summary>
    /// A sanity bound on plaintexts, far above the service limits (4096 for Encrypt, 1024 for data keys), which the
    /// callers enforce with their own errors.
    /// </summary>
    public const int MaxPlaintextLength = 64 * 1024;

    internal const byte Magic = 0x4B;
    internal const byte FormatVersion = 0x01;
    internal const byte AlgorithmHkdfSha256AesGcm = 0x01;
    internal const byte MultiRegionFlag = 0x80;
    internal const int KeyIdOffset = 3;
    internal const int MaterialIdOffset = KeyIdOffset + 16;
    internal const int SaltOffset = MaterialIdOffset + KeyMaterialId.Size;
    internal const int SaltLength = 16;
    internal const int IvOffset = SaltOffset + SaltLength;
    internal const int IvLength = 12;
    internal const int HeaderLength = IvOffset + IvLength;
    internal const int TagLength = 16;

    /// <summary>The part of the header bound into the associated data: everything before the IV.</summary>
    internal const int AuthenticatedHeaderLength = IvOffset;

    private const int StackAadLimit = 1024;

    private static ReadOnlySpan<byte> InfoLabel => "kms-v1"u8;

    /// <summary>
    /// Seals <paramref name="plaintext"/> under one generation of a key's material, with a fresh random salt and IV.
    /// </summary>
    /// <param name="keyId">The key's id; its 16 bytes go into the header in RFC 4122 (big-endian) order.</param>
    /// <param name="materialId">The generation of material used.</param>
    /// <param name="material">The 32 bytes of key material.</param>
    /// <param name="plaintext">At most <see cref="MaxPlaintextLength"/> bytes.</param>
    /// <param name="context">The encryption context; Decrypt must present an equal one.</param>
    /// <returns>The blob: <see cref="Overhead"/> bytes longer than the plaintext.</returns>
    public static byte[] Seal(Guid keyId, KeyMaterialId materialId, ReadOnlySpan<byte> material, ReadOnlySpan<byte> plaintext, EncryptionContext context)
    {
        Span<byte> salt = stackalloc byte[SaltLength];
        Span<byte> iv = stackalloc byte[IvLength];
        RandomNumberGenerator.Fill(salt);
        RandomNumberGenerator.Fill(iv);
        return Seal(keyId, materialId, material, plaintext, context, salt, iv);
    }

    /// <summary>Seals with a caller-chosen salt and IV. Only for golden-vector tests: never reuse a salt and IV.</summary>
    internal static byte[] Seal(
        Guid keyId,
        KeyMaterialId materialId,
        ReadOnlySpan<byte> material,
        ReadOnlySpan<byte> plaintext,
        EncryptionContext context,
        ReadOnlySpan<byte> salt,
        ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckMaterial(material);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(plaintext.Length, MaxPlaintextLength, nameof(plaintext));
        ArgumentOutOfRangeException.ThrowIfNotEqual(salt.Length, SaltLength, nameof(salt));
        ArgumentOutOfRangeException.ThrowIfNotEqual(iv.Length, IvLength, nameof(iv));

        var blob = new byte[Overhead + plaintext.Length];
        blob[0] = Magic;
        blob[1] = FormatVersion;
        blob[2] = AlgorithmHkdfSha256AesGcm;
        keyId.TryWriteBytes(blob.AsSpan(KeyIdOffset, 16), bigEndian: true, out _);
        materialId.WriteBytes(blob.AsSpan(MaterialIdOffset, KeyMaterialId.Size));
        salt.CopyTo(blob.AsSpan(SaltOffset, SaltLength));
        iv.CopyTo(blob.AsSpan(IvOffset, IvLength));

        Span<byte> messageKey = stackalloc byte[MaterialLength];
        var aad = AssociatedData(blob, context, stackalloc byte[StackAadLimit]);
        try
        {
            DeriveMessageKey(blob, material, messageKey);
            using var aes = new AesGcm(messageKey, TagLength);
            aes.Encrypt(iv, plaintext, blob.AsSpan(HeaderLength, plaintext.Length), blob.AsSpan(HeaderLength + plaintext.Length, TagLength), aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }

        return blob;
    }

    /// <summary>
    /// Reads the clear header of a blob. <see langword="false"/> (never an exception) when the input cannot be a v1
    /// blob: shorter than <see cref="Overhead"/>, or a wrong magic, version or algorithm byte.
    /// </summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> blob, out CiphertextHeader header)
    {
        header = default;
        if (blob.Length < Overhead
            || blob[0] != Magic
            || blob[1] != FormatVersion
            || (blob[2] & ~MultiRegionFlag) != AlgorithmHkdfSha256AesGcm)
        {
            return false;
        }

        header = new CiphertextHeader(
            new Guid(blob.Slice(KeyIdOffset, 16), bigEndian: true),
            KeyMaterialId.FromBytes(blob.Slice(MaterialIdOffset, KeyMaterialId.Size)),
            (blob[2] & MultiRegionFlag) != 0,
            blob.Length - Overhead);
        return true;
    }

    /// <summary>
    /// Authenticates and decrypts a blob into <paramref name="destination"/>. <see langword="false"/> on any failure
    /// (malformed header, wrong material, wrong context, any altered byte), with <paramref name="destination"/> zeroed
    /// and no hint of the cause.
    /// </summary>
    /// <param name="blob">The whole blob.</param>
    /// <param name="material">The 32 bytes of the material the header names (the caller looks it up).</param>
    /// <param name="context">The encryption context the caller presents.</param>
    /// <param name="destination">At least <see cref="CiphertextHeader.PlaintextLength"/> bytes.</param>
    /// <param name="written">The plaintext length on success, else 0.</param>
    /// <exception cref="ArgumentException">The material is not 32 bytes, or the destination is too small.</exception>
    public static bool TryOpen(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> material, EncryptionContext context, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckMaterial(material);
        written = 0;
        if (!TryParseHeader(blob, out var header))
        {
            return false;
        }

        var length = header.PlaintextLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must hold at least {length} bytes.", nameof(destination));
        }

        Span<byte> messageKey = stackalloc byte[MaterialLength];
        var aad = AssociatedData(blob, context, stackalloc byte[StackAadLimit]);
        var output = destination[..length];
        try
        {
            DeriveMessageKey(blob, material, messageKey);
            using var aes = new AesGcm(messageKey, TagLength);
            aes.Decrypt(blob.Slice(IvOffset, IvLength), blob.Slice(HeaderLength, length), blob.Slice(HeaderLength + length, TagLength), output, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(output);
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }

        written = length;
        return true;
    }

    /// <summary>
    /// Authenticates and decrypts a blob into a new <see cref="SecretBuffer"/> the caller disposes.
    /// <see langword="false"/> on any failure, with no hint of the cause.
    /// </summary>
    /// <exception cref="ArgumentException">The material is not 32 bytes.</exception>
    public static bool TryOpen(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> material, EncryptionContext context, [NotNullWhen(true)] out SecretBuffer? plaintext)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckMaterial(material);
        plaintext = null;
        if (!TryParseHeader(blob, out var header))
        {
            return false;
        }

        var buffer = new SecretBuffer(header.PlaintextLength);
        if (!TryOpen(blob, material, context, buffer.Span, out _))
        {
            buffer.Dispose();
            return false;
        }

        plaintext = buffer;
        return true;
    }

    private static void CheckMaterial(ReadOnlySpan<byte> material)
    {
        if (material.Length != MaterialLength)
        {
            throw new ArgumentException($"Key material is exactly {MaterialLength} bytes.", nameof(material));
        }
    }

    private static void DeriveMessageKey(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> material, Span<byte> messageKey)
    {
        // info = "kms-v1" ‖ key id ‖ material id; the two ids are adjacent in the header.
        Span<byte> info = stackalloc byte[InfoLabel.Length + SaltOffset - KeyIdOffset];
        InfoLabel.CopyTo(info);
        blob[KeyIdOffset..SaltOffset].CopyTo(info[InfoLabel.Length..]);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, messageKey, blob.Slice(SaltOffset, SaltLength), info);
    }

    private static ReadOnlySpan<byte> AssociatedData(ReadOnlySpan<byte> blob, EncryptionContext context, Span<byte> stackBuffer)
    {
        var canonical = context.CanonicalBytes;
        var length = AuthenticatedHeaderLength + canonical.Length;
        var aad = length <= stackBuffer.Length ? stackBuffer[..length] : new byte[length];
        blob[..AuthenticatedHeaderLength].CopyTo(aad);
        canonical.CopyTo(aad[AuthenticatedHeaderLength..]);
        return aad;
    }
}
