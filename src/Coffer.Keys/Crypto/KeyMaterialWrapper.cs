using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Coffer.Storage;

namespace Coffer.Keys.Crypto;

/// <summary>
/// Wraps and unwraps a KMS key's 32-byte material under the root key, for storage in the metadata store.
/// </summary>
/// <remarks>
/// <para>The wrapping key is <c>RootKey.DeriveKey("kms/key-material")</c>. The wrapped format is
/// <c>version 0x01 ‖ nonce (12, random) ‖ AES-256-GCM ciphertext (32) ‖ tag (16)</c>: 61 bytes.</para>
/// <para>The associated data binds the material to its key and generation, so a record moved to another key or
/// material id does not unwrap:
/// <c>version 0x01 ‖ UInt16 BE length ‖ UTF-8 key ARN ‖ UInt16 BE 16 ‖ material id (16 bytes)</c>.
/// The ARN must therefore be exactly the string the key was created with.</para>
/// </remarks>
public sealed class KeyMaterialWrapper : IDisposable
{
    /// <summary>The purpose label given to <see cref="RootKey.DeriveKey"/>.</summary>
    public const string Purpose = "kms/key-material";

    /// <summary>The length of a wrapped record.</summary>
    public const int WrappedLength = 1 + NonceLength + CiphertextBlob.MaterialLength + TagLength;

    internal const byte Version = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int MaxArnBytes = ushort.MaxValue;

    private readonly SecretBuffer _wrappingKey;

    /// <summary>Derives the wrapping key from <paramref name="rootKey"/>; the root key may be disposed afterwards.</summary>
    public KeyMaterialWrapper(RootKey rootKey)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        var derived = rootKey.DeriveKey(Purpose);
        try
        {
            _wrappingKey = SecretBuffer.CopyOf(derived);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    /// <summary>Fresh key material: 32 bytes from <see cref="RandomNumberGenerator"/>, in a buffer the caller disposes.</summary>
    public static SecretBuffer GenerateMaterial() => SecretBuffer.CreateRandom(CiphertextBlob.MaterialLength);

    /// <summary>Wraps one generation of a key's material.</summary>
    /// <param name="keyArn">The key's ARN, exactly as stored with the key.</param>
    /// <param name="materialId">The generation.</param>
    /// <param name="material">The 32 bytes of material.</param>
    /// <returns><see cref="WrappedLength"/> bytes.</returns>
    public byte[] Wrap(string keyArn, KeyMaterialId materialId, ReadOnlySpan<byte> material)
    {
        if (material.Length != CiphertextBlob.MaterialLength)
        {
            throw new ArgumentException($"Key material is exactly {CiphertextBlob.MaterialLength} bytes.", nameof(material));
        }

        var aad = AssociatedData(keyArn, materialId);
        var wrapped = new byte[WrappedLength];
        wrapped[0] = Version;
        var nonce = wrapped.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_wrappingKey.ReadOnlySpan, TagLength);
        aes.Encrypt(nonce, material, wrapped.AsSpan(1 + NonceLength, material.Length), wrapped.AsSpan(1 + NonceLength + material.Length, TagLength), aad);
        return wrapped;
    }

    /// <summary>Unwraps one generation of a key's material into a buffer the caller disposes.</summary>
    /// <exception cref="KeyMaterialUnwrapException">
    /// The record is malformed or altered, belongs to another ARN or material id, or was wrapped under another root key.
    /// </exception>
    public SecretBuffer Unwrap(string keyArn, KeyMaterialId materialId, ReadOnlySpan<byte> wrapped)
    {
        var aad = AssociatedData(keyArn, materialId);
        if (wrapped.Length != WrappedLength || wrapped[0] != Version)
        {
            throw new KeyMaterialUnwrapException(keyArn, materialId);
        }

        var material = new SecretBuffer(CiphertextBlob.MaterialLength);
        try
        {
            using var aes = new AesGcm(_wrappingKey.ReadOnlySpan, TagLength);
            aes.Decrypt(wrapped.Slice(1, NonceLength), wrapped.Slice(1 + NonceLength, material.Length), wrapped.Slice(1 + NonceLength + material.Length, TagLength), material.Span, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            material.Dispose();
            throw new KeyMaterialUnwrapException(keyArn, materialId);
        }

        return material;
    }

    /// <summary>Zeroes the wrapping key.</summary>
    public void Dispose() => _wrappingKey.Dispose();

    private static byte[] AssociatedData(string keyArn, KeyMaterialId materialId)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyArn);
        var arnLength = Encoding.UTF8.GetByteCount(keyArn);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(arnLength, MaxArnBytes, nameof(keyArn));

        var aad = new byte[1 + sizeof(ushort) + arnLength + sizeof(ushort) + KeyMaterialId.Size];
        var span = aad.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)arnLength);
        Encoding.UTF8.GetBytes(keyArn, span.Slice(1 + sizeof(ushort), arnLength));
        span = span[(1 + sizeof(ushort) + arnLength)..];
        BinaryPrimitives.WriteUInt16BigEndian(span, KeyMaterialId.Size);
        materialId.WriteBytes(span[sizeof(ushort)..]);
        return aad;
    }
}
