using System.Security.Cryptography;

namespace Coffer.Storage;

/// <summary>
/// AES-256-GCM sealing of small secrets: <c>version(1) ‖ nonce(12) ‖ ciphertext ‖ tag(16)</c>, with caller-chosen
/// associated data binding the secret to where it belongs (an access key id, a key ARN…). Nonces are random:
/// with 96-bit random nonces a key may seal up to 2³² secrets before the collision bound matters.
/// </summary>
public static class SecretBox
{
    /// <summary>The format version byte.</summary>
    internal const byte Version = 1;

    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The bytes added to a plaintext when sealed.</summary>
    public const int Overhead = 1 + NonceSize + TagSize;

    /// <summary>Seals <paramref name="plaintext"/> under a 32-byte <paramref name="key"/>.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var sealedBytes = new byte[checked(Overhead + plaintext.Length)];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(1 + NonceSize, plaintext.Length), sealedBytes.AsSpan(1 + NonceSize + plaintext.Length), associatedData);
        return sealedBytes;
    }

    /// <summary>Opens a sealed secret; <see langword="false"/> on any tampering, wrong key or wrong associated data.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData, out byte[] plaintext)
    {
        plaintext = [];
        if (sealedBytes.Length < Overhead || sealedBytes[0] != Version)
        {
            return false;
        }

        var length = sealedBytes.Length - Overhead;
        var output = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.Slice(1, NonceSize), sealedBytes.Slice(1 + NonceSize, length), sealedBytes.Slice(1 + NonceSize + length, TagSize), output, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = output;
        return true;
    }
}
