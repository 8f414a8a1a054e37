using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Coffer.Storage.Archives;

/// <summary>
/// The archive format, version 1 (see docs/dev/storage-format.md):
/// <code>
/// "COFFARCH" ‖ version (2) ‖ header length (4) ‖ header JSON
/// records: type (1: data, 2: manifest) ‖ ciphertext length (4) ‖ ciphertext ‖ GCM tag (16)
/// </code>
/// Record i is encrypted under <c>HKDF-SHA256(archive data key, salt = archive id, "coffer-archive/v1/records")</c>
/// with nonce <c>0⁴ ‖ i (8)</c> and associated data <c>SHA-256(magic … header) ‖ i (8) ‖ type (1)</c>: a record moved,
/// dropped, duplicated, taken from another archive or altered fails; the manifest, last, makes truncation visible.
/// </summary>
internal static class ArchiveFormat
{
    public const ushort Version = 1;
    public const int DefaultChunkSize = 1024 * 1024;
    public const int MaxChunkSize = 16 * 1024 * 1024;
    public const int MaxHeaderSize = 64 * 1024;
    public const int MaxManifestSize = 64 * 1024;
    public const byte DataRecord = 1;
    public const byte ManifestRecord = 2;
    public const int TagSize = 16;
    public const int RecordPrefixSize = 5;
    public const string Cipher = "AES-256-GCM";
    public const string NoCipher = "none";

    public static ReadOnlySpan<byte> Magic => "COFFARCH"u8;

    /// <summary>The record key; the caller zeroes it. Derived from the span directly, with no copy of the data key.</summary>
    public static byte[] DeriveRecordKey(ReadOnlySpan<byte> dataKey, string archiveId)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, key, Convert.FromHexString(archiveId), "coffer-archive/v1/records"u8);
        return key;
    }

    public static void Nonce(long index, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
    }

    public static void AssociatedData(ReadOnlySpan<byte> headerHash, long index, byte type, Span<byte> aad)
    {
        headerHash.CopyTo(aad);
        BinaryPrimitives.WriteInt64BigEndian(aad[32..], index);
        aad[40] = type;
    }
}
