using System.Security.Cryptography;

namespace Coffer.Storage.Archives;

/// <summary>
/// Seals and opens archive records. Encrypted archives use AES-256-GCM under the record key; unencrypted archives
/// (snapshots of unencrypted volumes) keep the plaintext and put a truncated SHA-256 of associated data and content
/// in the tag's place, which detects damage but, having no key, not deliberate tampering.
/// </summary>
internal abstract class RecordSealer : IDisposable
{
    public static RecordSealer Create(string cipher, ReadOnlySpan<byte> dataKey, string archiveId) => cipher switch
    {
        ArchiveFormat.Cipher => new AesGcmSealer(dataKey, archiveId),
        ArchiveFormat.NoCipher => new DigestSealer(),
        _ => throw new ArchiveCorruptException($"The archive names an unsupported cipher '{cipher}'."),
    };

    public abstract void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    public abstract bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);

    public abstract void Dispose();

    private sealed class AesGcmSealer : RecordSealer
    {
        private readonly AesGcm _aes;

        public AesGcmSealer(ReadOnlySpan<byte> dataKey, string archiveId)
        {
            var key = ArchiveFormat.DeriveRecordKey(dataKey, archiveId);
            try
            {
                _aes = new AesGcm(key, ArchiveFormat.TagSize);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        public override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData) =>
            _aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

        public override bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
        {
            try
            {
                _aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        public override void Dispose() => _aes.Dispose();
    }

    private sealed class DigestSealer : RecordSealer
    {
        public override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
        {
            plaintext.CopyTo(ciphertext);
            Digest(associatedData, plaintext, tag);
        }

        public override bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
        {
            Span<byte> expected = stackalloc byte[ArchiveFormat.TagSize];
            Digest(associatedData, ciphertext, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, tag))
            {
                return false;
            }

            ciphertext.CopyTo(plaintext);
            return true;
        }

        public override void Dispose()
        {
        }

        private static void Digest(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> content, Span<byte> tag)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(associatedData);
            hash.AppendData(content);
            Span<byte> digest = stackalloc byte[32];
            hash.GetHashAndReset(digest);
            digest[..ArchiveFormat.TagSize].CopyTo(tag);
        }
    }
}
