using System.Security.Cryptography;

namespace Coffer.Keys.Crypto;

/// <summary>
/// Secret bytes (key material, a data-key plaintext, a decrypted message) held in a pinned array, so the GC never
/// leaves copies behind, and zeroed with <see cref="CryptographicOperations.ZeroMemory"/> on <see cref="Dispose"/>.
/// <see cref="ToString"/> shows only the length: secrets never reach a string, a log or an exception message.
/// </summary>
public sealed class SecretBuffer : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    /// <summary>Allocates <paramref name="length"/> zeroed, pinned bytes.</summary>
    public SecretBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _bytes = GC.AllocateArray<byte>(length, pinned: true);
    }

    /// <summary>The number of bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The bytes, writable. Do not keep the span beyond the buffer's lifetime.</summary>
    /// <exception cref="ObjectDisposedException">The buffer has been disposed (and zeroed).</exception>
    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>The bytes, read-only.</summary>
    /// <exception cref="ObjectDisposedException">The buffer has been disposed (and zeroed).</exception>
    public ReadOnlySpan<byte> ReadOnlySpan => Span;

    /// <summary>A buffer holding a copy of <paramref name="secret"/>; the caller still owns (and zeroes) the source.</summary>
    public static SecretBuffer CopyOf(ReadOnlySpan<byte> secret)
    {
        var buffer = new SecretBuffer(secret.Length);
        secret.CopyTo(buffer._bytes);
        return buffer;
    }

    /// <summary>A buffer of <paramref name="length"/> bytes from <see cref="RandomNumberGenerator"/>.</summary>
    public static SecretBuffer CreateRandom(int length)
    {
        var buffer = new SecretBuffer(length);
        RandomNumberGenerator.Fill(buffer._bytes);
        return buffer;
    }

    /// <inheritdoc />
    public override string ToString() => $"SecretBuffer({_bytes.Length} bytes)";

    /// <summary>Zeroes the bytes; later access throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_bytes);
            _disposed = true;
        }
    }
}
