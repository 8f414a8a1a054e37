using System.Security.Cryptography;

using Coffer.Storage.Logs;

namespace Coffer.Storage.Vfs;

/// <summary>
/// The keys of one open volume as the VFS uses them: the page cipher (absent for an unencrypted volume) and the
/// key that masks SQLite's WAL frame checksums. Also records the last authentication failure, so that the volume
/// layer can turn SQLite's generic I/O error into one naming the volume, file and page.
/// </summary>
internal sealed class VolumeCipher : IDisposable
{
    private readonly byte[]? _walMaskKey;
    private readonly byte[]? _changeLogKey;
    private VolumeFault? _lastFault;

    private VolumeCipher(string volumeName, PageCipher? pages, byte[]? walMaskKey, byte[]? changeLogKey, LogSealer logs)
    {
        VolumeName = volumeName;
        Logs = logs;
        Pages = pages;
        _walMaskKey = walMaskKey;
        _changeLogKey = changeLogKey;
    }

    /// <summary>The key of the change log's MAC chain, or <see langword="null"/> when the volume is not encrypted.</summary>
    public byte[]? ChangeLogKey => _changeLogKey;

    /// <summary>The engine logs' sealer (cipher off for an unencrypted volume); its key is zeroed with this cipher.</summary>
    public LogSealer Logs { get; }

    /// <summary>The volume's name, for messages.</summary>
    public string VolumeName { get; }

    /// <summary>The page cipher, or <see langword="null"/> when the volume is not encrypted.</summary>
    public PageCipher? Pages { get; }

    /// <summary>
    /// Set only while a new, empty volume is laid out: SQLite then opens a rollback journal to switch to WAL mode.
    /// </summary>
    public bool InitializingFile { get; set; }

    /// <summary>
    /// The volume's change log, when it keeps one: the WAL hands it every frame it writes and syncs it before the
    /// WAL itself.
    /// </summary>
    public ChangeLog.ChangeLogWriter? Log { get; set; }

    /// <summary>How many open <c>Volume</c> objects share this cipher (guarded by the VFS's registration lock).</summary>
    internal int References { get; set; }

    /// <summary>The most recent authentication failure, if any.</summary>
    public VolumeFault? LastFault => Volatile.Read(ref _lastFault);

    /// <summary>A cipher deriving its keys from a volume's data key and salt.</summary>
    public static VolumeCipher Create(string volumeName, VolumeKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var mask = GC.AllocateArray<byte>(32, pinned: true);
        keys.WalChecksumKey.CopyTo(mask);
        var log = GC.AllocateArray<byte>(32, pinned: true);
        keys.ChangeLogKey.CopyTo(log);
        return new VolumeCipher(volumeName, new PageCipher(keys.PageKey), mask, log, new LogSealer(volumeName, keys.EngineLogKey));
    }

    /// <summary>The same VFS path with the cipher switched off, for unencrypted volumes.</summary>
    public static VolumeCipher CreateUnencrypted(string volumeName) => new(volumeName, null, null, null, new LogSealer(volumeName, []));

    /// <summary>A checksum masker for one open WAL file, or <see langword="null"/> when the volume is not encrypted.</summary>
    public WalChecksumMasker? CreateChecksumMasker() => _walMaskKey is null ? null : new WalChecksumMasker(_walMaskKey);

    /// <summary>Records an authentication failure.</summary>
    public void RecordFault(VolumeFault fault) => Volatile.Write(ref _lastFault, fault);

    /// <inheritdoc />
    public void Dispose()
    {
        Log?.Dispose();
        Log = null;
        Logs.Dispose();
        Pages?.Dispose();
        if (_walMaskKey is not null)
        {
            CryptographicOperations.ZeroMemory(_walMaskKey);
        }

        if (_changeLogKey is not null)
        {
            CryptographicOperations.ZeroMemory(_changeLogKey);
        }
    }
}
