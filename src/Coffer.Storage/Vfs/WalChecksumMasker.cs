using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Coffer.Storage.Vfs;

/// <summary>
/// Masks a WAL frame's two checksum words: XOR with the first 8 bytes of
/// <c>AES-256(mask key, frame offset (8) ‖ salt-1 ‖ salt-2)</c>, one block under a reused ECB transform (0.2 µs, where
/// a one-shot call or an HMAC costs over 1 µs). SQLite's checksums are a linear function of the plaintext page, so
/// they must not be left in clear; the salts change at every WAL reset, so a mask serves one frame only.
/// One instance per open WAL file: the transform is not thread-safe, and a file is used by one thread at a time.
/// </summary>
internal sealed class WalChecksumMasker : IDisposable
{
    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _input = new byte[16];
    private readonly byte[] _mask = new byte[16];

    public WalChecksumMasker(ReadOnlySpan<byte> maskKey)
    {
        _aes = Aes.Create();
        _aes.Key = maskKey.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="checksum"/> (8 bytes) with the frame's mask; applying it twice restores it.</summary>
    public void Apply(Span<byte> checksum, long frameOffset, ReadOnlySpan<byte> salts)
    {
        BinaryPrimitives.WriteInt64BigEndian(_input, frameOffset);
        salts[..8].CopyTo(_input.AsSpan(8));
        _encryptor.TransformBlock(_input, 0, 16, _mask, 0);
        for (var i = 0; i < 8; i++)
        {
            checksum[i] ^= _mask[i];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_mask);
    }
}
