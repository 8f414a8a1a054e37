using System.Security.Cryptography;

namespace Coffer.Storage.Vfs;

/// <summary>
/// The keys derived from a volume's 256-bit data key and 16-byte random salt with HKDF-SHA256, one per purpose:
/// database and WAL pages, WAL checksum masking, the manifest's MAC (which doubles as the key check at open) and the
/// change log's MAC chain, and the engine logs' records.
/// Zeroed on dispose.
/// </summary>
internal sealed class VolumeKeys : IDisposable
{
    private readonly byte[] _keys = GC.AllocateArray<byte>(160, pinned: true);

    /// <summary>Derives the keys of a volume.</summary>
    public VolumeKeys(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> salt)
    {
        if (dataKey.Length != 32)
        {
            throw new ArgumentException("A volume data key is 32 bytes (AES-256).", nameof(dataKey));
        }

        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, _keys.AsSpan(0, 32), salt, "coffer-vfs/v1/pages"u8);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, _keys.AsSpan(32, 32), salt, "coffer-vfs/v1/wal-checksum"u8);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, _keys.AsSpan(64, 32), salt, "coffer-volume/v1/manifest"u8);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, _keys.AsSpan(96, 32), salt, "coffer-volume/v1/change-log"u8);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, _keys.AsSpan(128, 32), salt, "coffer-volume/v1/engine-logs"u8);
    }

    /// <summary>The page key.</summary>
    public ReadOnlySpan<byte> PageKey => _keys.AsSpan(0, 32);

    /// <summary>The WAL checksum mask key.</summary>
    public ReadOnlySpan<byte> WalChecksumKey => _keys.AsSpan(32, 32);

    /// <summary>The manifest MAC key.</summary>
    public ReadOnlySpan<byte> ManifestKey => _keys.AsSpan(64, 32);

    /// <summary>The change log's MAC key.</summary>
    public ReadOnlySpan<byte> ChangeLogKey => _keys.AsSpan(96, 32);

    /// <summary>The engine logs' record key.</summary>
    public ReadOnlySpan<byte> EngineLogKey => _keys.AsSpan(128, 32);

    /// <inheritdoc />
    public void Dispose() => CryptographicOperations.ZeroMemory(_keys);
}
