using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Coffer.Storage.Vfs;

/// <summary>
/// AES-256-GCM over 4 KiB pages, with the nonce and tag in SQLite's reserved bytes at the end of each page:
/// <c>epoch id (12) ‖ counter (4, big-endian) ‖ tag (16)</c>.
/// <para>
/// Nonces never repeat under one key: each cipher instance (one per volume open) draws a random 96-bit epoch id and
/// derives that epoch's key, <c>HKDF-SHA256(page key, salt = epoch id, info = "coffer-vfs/v1/epoch")</c>; the GCM nonce
/// is the epoch's own 32-bit counter. A new epoch starts when the counter is exhausted. Two epochs share a key only
/// if two random 96-bit ids collide: below 2⁻³³ for 2³² epochs, each of up to 2³² page writes.
/// </para>
/// AesGcm instances are not thread-safe, so each thread keeps its own small per-epoch cache.
/// </summary>
internal sealed class PageCipher : IDisposable
{
    /// <summary>The page size of every volume.</summary>
    public const int PageSize = 4096;

    /// <summary>Reserved bytes at the end of each page: epoch id, counter, tag.</summary>
    public const int ReservedBytes = EpochIdSize + CounterSize + TagSize;

    /// <summary>The bytes of a page that hold data.</summary>
    public const int UsableSize = PageSize - ReservedBytes;

    private const int EpochIdSize = 12;
    private const int CounterSize = 4;
    private const int TagSize = 16;
    private const int MaxCachedEpochsPerThread = 64;

    private readonly byte[] _pageKey;
    private readonly ThreadLocal<Dictionary<EpochId, AesGcm>> _ciphers = new(() => [], trackAllValues: true);
    private readonly Lock _epochLock = new();
    private Epoch _current;
    private bool _disposed;

    /// <summary>Creates a cipher over a 32-byte page key (copied; the caller keeps and zeroes its own copy).</summary>
    public PageCipher(ReadOnlySpan<byte> pageKey)
    {
        _pageKey = GC.AllocateArray<byte>(32, pinned: true);
        pageKey.CopyTo(_pageKey);
        _current = Epoch.CreateRandom();
    }

    /// <summary>
    /// Encrypts the first <see cref="UsableSize"/> bytes of <paramref name="plaintextPage"/> into
    /// <paramref name="output"/> (a whole page), binding <paramref name="associatedData"/>.
    /// </summary>
    public void Encrypt(ReadOnlySpan<byte> plaintextPage, Span<byte> output, ReadOnlySpan<byte> associatedData)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var epoch = _current;
        var counter = Interlocked.Increment(ref epoch.Counter);
        while (counter > uint.MaxValue)
        {
            lock (_epochLock)
            {
                if (ReferenceEquals(_current, epoch))
                {
                    _current = Epoch.CreateRandom();
                }

                epoch = _current;
            }

            counter = Interlocked.Increment(ref epoch.Counter);
        }

        var trailer = output.Slice(UsableSize, ReservedBytes);
        epoch.Id.Write(trailer[..EpochIdSize]);
        BinaryPrimitives.WriteUInt32BigEndian(trailer.Slice(EpochIdSize, CounterSize), (uint)counter);
        Span<byte> nonce = stackalloc byte[12];
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], (uint)counter);
        CipherFor(epoch.Id).Encrypt(nonce, plaintextPage[..UsableSize], output[..UsableSize], trailer[(EpochIdSize + CounterSize)..], associatedData);
    }

    /// <summary>
    /// Decrypts a page into <paramref name="output"/>: the data, then zeros in the reserved area (SQLite's WAL
    /// checksums cover the whole page). Returns <see langword="false"/> when the page fails authentication.
    /// </summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ciphertextPage, Span<byte> output, ReadOnlySpan<byte> associatedData)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var trailer = ciphertextPage.Slice(UsableSize, ReservedBytes);
        var epochId = EpochId.Read(trailer[..EpochIdSize]);
        Span<byte> nonce = stackalloc byte[12];
        nonce.Clear();
        trailer.Slice(EpochIdSize, CounterSize).CopyTo(nonce[8..]);
        try
        {
            CipherFor(epochId).Decrypt(nonce, ciphertextPage[..UsableSize], trailer[(EpochIdSize + CounterSize)..], output[..UsableSize], associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            output.Clear();
            return false;
        }

        output.Slice(UsableSize, ReservedBytes).Clear();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var cache in _ciphers.Values)
        {
            foreach (var cipher in cache.Values)
            {
                cipher.Dispose();
            }
        }

        _ciphers.Dispose();
        CryptographicOperations.ZeroMemory(_pageKey);
    }

    private AesGcm CipherFor(EpochId epochId)
    {
        var cache = _ciphers.Value!;
        if (cache.TryGetValue(epochId, out var cipher))
        {
            return cipher;
        }

        if (cache.Count >= MaxCachedEpochsPerThread)
        {
            foreach (var old in cache.Values)
            {
                old.Dispose();
            }

            cache.Clear();
        }

        Span<byte> salt = stackalloc byte[EpochIdSize];
        epochId.Write(salt);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, _pageKey, 32, salt.ToArray(), "coffer-vfs/v1/epoch"u8.ToArray());
        try
        {
            cipher = new AesGcm(key, TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        cache[epochId] = cipher;
        return cipher;
    }

    private sealed class Epoch(EpochId id)
    {
        public readonly EpochId Id = id;
        public long Counter;

        public static Epoch CreateRandom()
        {
            Span<byte> id = stackalloc byte[EpochIdSize];
            RandomNumberGenerator.Fill(id);
            return new Epoch(EpochId.Read(id));
        }
    }

    private readonly record struct EpochId(ulong High, uint Low)
    {
        public static EpochId Read(ReadOnlySpan<byte> bytes) =>
            new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));

        public void Write(Span<byte> bytes)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
            BinaryPrimitives.WriteUInt32BigEndian(bytes[8..], Low);
        }
    }
}
