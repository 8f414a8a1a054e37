using System.Security.Cryptography;
using System.Text;

namespace Coffer.Storage;

/// <summary>
/// The 32-byte root of Coffer's key hierarchy. It lives in a file (or a secret mount), never in the metadata store;
/// every other secret at rest is wrapped by a key derived from it with HKDF-SHA256 and a purpose label.
/// The bytes are held in a pinned array and zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class RootKey : IDisposable
{
    /// <summary>The root key length in bytes: AES-256.</summary>
    public const int Length = 32;

    private readonly byte[] _key;
    private bool _disposed;

    private RootKey(ReadOnlySpan<byte> key)
    {
        _key = GC.AllocateArray<byte>(Length, pinned: true);
        key.CopyTo(_key);
    }

    /// <summary>
    /// A short public fingerprint of the key (HMAC of a fixed label): stored beside wrapped secrets so that opening a
    /// data directory with the wrong root key fails with a clear error instead of a decryption failure.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Convert.ToHexStringLower(HMACSHA256.HashData(_key, "coffer:root-key-fingerprint"u8)[..8]);
        }
    }

    /// <summary>Creates a root key from 32 bytes (copied).</summary>
    public static RootKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"A root key is exactly {Length} bytes.", nameof(key));
        }

        return new RootKey(key);
    }

    /// <summary>Creates a fresh random root key (not saved anywhere).</summary>
    public static RootKey CreateRandom()
    {
        Span<byte> key = stackalloc byte[Length];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new RootKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Reads a root key file: either exactly 32 raw bytes, or the base64 (or hex) text of 32 bytes, as secret mounts often hold.
    /// </summary>
    /// <exception cref="InvalidDataException">The file does not hold a 32-byte key in any accepted form.</exception>
    public static RootKey Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            if (bytes.Length == Length)
            {
                return new RootKey(bytes);
            }

            var text = Encoding.ASCII.GetString(bytes).Trim();
            var decoded = new byte[text.Length];
            try
            {
                if (Convert.TryFromBase64String(text, decoded, out var written) && written == Length)
                {
                    return new RootKey(decoded.AsSpan(0, Length));
                }

                if (text.Length == Length * 2 && text.All(char.IsAsciiHexDigit))
                {
                    var hex = Convert.FromHexString(text);
                    try
                    {
                        return new RootKey(hex);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(hex);
                    }
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(decoded);
            }

            throw new InvalidDataException($"The root key file '{path}' must hold exactly {Length} bytes, raw or as base64 or hex text.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// Writes a new random root key to <paramref name="path"/> with mode 0600, failing if the file exists.
    /// </summary>
    public static RootKey CreateFile(string path)
    {
        var key = CreateRandom();
        using (var stream = new FileStream(path, PrivateFiles.WriteOptions(FileMode.CreateNew)))
        {
            stream.Write(key._key);
            stream.Flush(flushToDisk: true);
        }

        return key;
    }

    /// <summary>Derives a 32-byte key for one purpose (HKDF-SHA256, info <c>coffer:&lt;purpose&gt;</c>). The caller zeroes it.</summary>
    public byte[] DeriveKey(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, Length, salt: [], info: Encoding.UTF8.GetBytes("coffer:" + purpose));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_key);
            _disposed = true;
        }
    }
}
