using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Logs;
using Coffer.Storage.Vfs;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Volumes;

/// <summary>
/// A directory holding one SQLite database on the Coffer VFS (<c>data.db</c>, its WAL and WAL index) and its
/// authenticated manifest (<c>volume.json</c>). Encrypted volumes encrypt every page with keys derived from a data
/// key; unencrypted volumes take the same path with the cipher off. Many volumes can be open in one process, each
/// with its own keys; closing a volume zeroes them.
/// </summary>
public sealed class Volume : IDisposable
{
    /// <summary>The manifest file name.</summary>
    public const string ManifestFileName = "volume.json";

    /// <summary>The database file name.</summary>
    public const string DatabaseFileName = "data.db";

    private const int SaltSize = 16;

    /// <summary>The value of <see cref="_configured"/>'s entries.</summary>
    private static readonly object Configured = new();

    private VolumeCipher _cipher;
    private readonly string _connectionString;

    /// <summary>
    /// The pooled native connections already set up by <see cref="OpenConnection"/>. Those PRAGMAs last for a native
    /// connection's life, no Coffer code sets them afterwards and the Data API's sandbox refuses them to user SQL
    /// (the VFS also pins temp_store to MEMORY), so a connection taken from the pool again skips them (opening a pooled
    /// connection: 6.1 µs and 1.97 KB with them, 0.35 µs and 168 B without; see docs/benchmarks.md, "Data API");
    /// an entry goes when its native connection is collected.
    /// </summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private bool _disposed;

    private Volume(string directory, VolumeManifest manifest, VolumeCipher cipher, VolumeOptions options)
    {
        Directory = directory;
        Manifest = manifest;
        _cipher = cipher;
        DatabasePath = Path.Combine(directory, DatabaseFileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = (int)options.BusyTimeout.TotalSeconds,
            Vfs = CofferVfs.Name,
        }.ToString();
        Options = options;
    }

    /// <summary>The volume directory.</summary>
    public string Directory { get; }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The manifest.</summary>
    public VolumeManifest Manifest { get; }

    /// <summary>The volume's cipher (for archives, which read and write pages directly).</summary>
    internal VolumeCipher Cipher => _cipher;

    /// <summary>
    /// The volume's engine log files (<c>logs/</c>), sealed under a key derived from its data key; usable while the
    /// volume is open.
    /// </summary>
    public VolumeLogs Logs => new(Directory, _cipher.Logs);

    /// <summary>The options the volume was opened with.</summary>
    public VolumeOptions Options { get; }

    /// <summary>The change log's last commit, or <see langword="null"/> when the volume keeps no change log.</summary>
    public ChangeLogPosition? ChangeLogPosition => _cipher.Log?.Position;

    /// <summary>What opening the change log found and repaired, for the operator's log.</summary>
    public IReadOnlyList<string> ChangeLogRecoveryNotes => _cipher.Log?.RecoveryNotes ?? [];

    /// <summary>The change log writer, when the volume keeps one.</summary>
    internal ChangeLogWriter? ChangeLog => _cipher.Log;

    /// <summary>
    /// Closes the change log's current segment (when it holds a commit) so that it can be sealed into the archive
    /// store; waits for a writer in progress to finish.
    /// </summary>
    /// <exception cref="VolumeException">The volume keeps no change log.</exception>
    public void RotateChangeLog()
    {
        var log = _cipher.Log ?? throw new VolumeException($"Volume {Manifest.VolumeId} keeps no change log.");
        using var connection = OpenConnection();
        using var gate = connection.CreateCommand();
        gate.CommandText = "BEGIN IMMEDIATE;";
        gate.ExecuteNonQuery();
        try
        {
            log.Rotate();
        }
        finally
        {
            gate.CommandText = "ROLLBACK;";
            gate.ExecuteNonQuery();
        }
    }

    /// <summary>Creates an encrypted volume in <paramref name="directory"/> (which must not exist or be empty) and opens it.</summary>
    public static Volume Create(string directory, VolumeKeyMaterial key, TimeProvider time, VolumeOptions? options = null)
    {
        var (manifest, cipher) = Prepare(directory, key, time);
        return CreateCore(directory, manifest, cipher, options);
    }

    /// <summary>
    /// Writes the manifest of a new volume (encrypted when <paramref name="key"/> is given) into an empty directory and
    /// returns it with the volume's cipher, without creating the database: the first step of creating or restoring.
    /// </summary>
    internal static (VolumeManifest Manifest, VolumeCipher Cipher) Prepare(string directory, VolumeKeyMaterial? key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        directory = Path.GetFullPath(directory);
        if (System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new VolumeException($"Cannot create a volume in {directory}: the directory is not empty.");
        }

        var manifest = new VolumeManifest
        {
            Format = VolumeManifest.CurrentFormat,
            VolumeId = NewVolumeId(),
            Cipher = key is null ? VolumeManifest.NoCipher : VolumeManifest.Aes256Gcm,
            PageSize = PageCipher.PageSize,
            ReservedBytes = PageCipher.ReservedBytes,
            Salt = string.Empty,
            CreatedAt = time.GetUtcNow(),
        };
        VolumeCipher cipher;
        if (key is null)
        {
            cipher = VolumeCipher.CreateUnencrypted(manifest.VolumeId);
        }
        else
        {
            var salt = RandomNumberGenerator.GetBytes(SaltSize);
            using var keys = new VolumeKeys(key.DataKey, salt);
            manifest = manifest with
            {
                Salt = Convert.ToBase64String(salt),
                KeyArn = key.KeyArn,
                EncryptionContext = new Dictionary<string, string>(key.EncryptionContext, StringComparer.Ordinal),
                WrappedKey = Convert.ToBase64String(key.WrappedKey),
            };
            manifest = manifest with { Mac = Convert.ToBase64String(manifest.ComputeMac(keys.ManifestKey)) };
            cipher = VolumeCipher.Create(manifest.VolumeId, keys);
        }

        try
        {
            PrivateFiles.CreateDirectory(directory);
            WriteManifest(directory, manifest);
            return (manifest, cipher);
        }
        catch
        {
            cipher.Dispose();
            throw;
        }
    }

    /// <summary>Creates an unencrypted volume (the same VFS and format, cipher off) and opens it.</summary>
    public static Volume CreateUnencrypted(string directory, TimeProvider time, VolumeOptions? options = null)
    {
        var (manifest, cipher) = Prepare(directory, null, time);
        return CreateCore(directory, manifest, cipher, options);
    }

    /// <summary>Reads a volume's manifest, e.g. to unwrap its data key before <see cref="Open"/>. Not yet authenticated.</summary>
    public static VolumeManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ManifestFileName);
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new VolumeException($"There is no volume in {directory}: {ManifestFileName} is missing.", e);
        }

        try
        {
            var manifest = VolumeManifest.FromJson(json) ?? throw new VolumeException($"The manifest of volume {directory} is empty.");
            if (manifest.Format != VolumeManifest.CurrentFormat || manifest.PageSize != PageCipher.PageSize || manifest.ReservedBytes != PageCipher.ReservedBytes)
            {
                throw new VolumeException($"Volume {directory} has format {manifest.Format} (page size {manifest.PageSize}, reserve {manifest.ReservedBytes}); this build reads format {VolumeManifest.CurrentFormat} only.");
            }

            if (manifest.IsEncrypted && (Convert.FromBase64String(manifest.Salt).Length != SaltSize || Convert.FromBase64String(manifest.Mac).Length != 32))
            {
                throw new VolumeException($"The manifest of volume {directory} has a salt or MAC of the wrong length.");
            }

            _ = Convert.FromBase64String(manifest.WrappedKey);
            if (manifest.Cipher is not (VolumeManifest.Aes256Gcm or VolumeManifest.NoCipher))
            {
                throw new VolumeException($"Volume {directory} uses cipher '{manifest.Cipher}', which this build does not know.");
            }

            return manifest;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            throw new VolumeException($"The manifest of volume {directory} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Opens an encrypted volume with its data key.</summary>
    /// <exception cref="VolumeKeyMismatchException">The key is not the volume's, or the manifest was altered.</exception>
    public static Volume Open(string directory, ReadOnlySpan<byte> dataKey, VolumeOptions? options = null)
    {
        var manifest = ReadManifest(directory);
        if (!manifest.IsEncrypted)
        {
            throw new VolumeException($"Volume {manifest.VolumeId} is not encrypted; open it without a data key.");
        }

        var keys = new VolumeKeys(dataKey, manifest.SaltBytes);
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(manifest.ComputeMac(keys.ManifestKey), Convert.FromBase64String(manifest.Mac)))
            {
                throw new VolumeKeyMismatchException(manifest.VolumeId);
            }

            return OpenCore(directory, manifest, VolumeCipher.Create(manifest.VolumeId, keys), options);
        }
        finally
        {
            keys.Dispose();
        }
    }

    /// <summary>Opens an unencrypted volume.</summary>
    public static Volume OpenUnencrypted(string directory, VolumeOptions? options = null)
    {
        var manifest = ReadManifest(directory);
        if (manifest.IsEncrypted)
        {
            throw new VolumeException($"Volume {manifest.VolumeId} is encrypted; it opens only with its data key.");
        }

        return OpenCore(directory, manifest, VolumeCipher.CreateUnencrypted(manifest.VolumeId), options);
    }

    /// <summary>Closes the volume's pooled connections (its files stay open only while a connection is in use).</summary>
    public void ReleaseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Deletes a closed volume's directory and everything in it.</summary>
    /// <exception cref="VolumeException">The volume is still open in this process.</exception>
    public static void Delete(string directory)
    {
        if (CofferVfs.IsAttached(Path.Combine(Path.GetFullPath(directory), DatabaseFileName)))
        {
            throw new VolumeException($"The volume in {directory} is still open; dispose it before deleting it.");
        }

        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Opens a connection to the volume's database, set up for it: WAL, temp data in memory, the configured
    /// durability and cache. The caller disposes it.
    /// </summary>
    public SqliteConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Options.Synchronous is not ("OFF" or "NORMAL" or "FULL" or "EXTRA"))
        {
            throw new VolumeException($"VolumeOptions.Synchronous must be OFF, NORMAL, FULL or EXTRA, not '{Options.Synchronous}'.");
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            var handle = connection.Handle!;
            if (_configured.TryGetValue(handle, out _))
            {
                return connection;
            }

            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA temp_store=MEMORY; PRAGMA synchronous={Options.Synchronous}; PRAGMA cache_size=-{Options.CacheSizeKiB}; PRAGMA busy_timeout={(int)Options.BusyTimeout.TotalMilliseconds};";
            command.ExecuteNonQuery();
            _configured.AddOrUpdate(handle, Configured);
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Describe(e);
        }
    }

    /// <summary>
    /// Turns SQLite's generic I/O error for a page that failed authentication into a <see cref="VolumeCorruptException"/>
    /// naming the volume, file and page; returns other exceptions unchanged.
    /// </summary>
    public Exception Describe(SqliteException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        const int IoErrData = 10 | (32 << 8);
        return exception.SqliteExtendedErrorCode == IoErrData && _cipher.LastFault is { } fault
            ? new VolumeCorruptException(Manifest.VolumeId, fault.File, fault.PageNumber, exception)
            : exception;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (CofferVfs.Detach(DatabasePath))
        {
            _cipher.Dispose();
        }
    }

    private static Volume CreateCore(string directory, VolumeManifest manifest, VolumeCipher cipher, VolumeOptions? options)
    {
        directory = Path.GetFullPath(directory);
        Volume volume;
        try
        {
            volume = Attach(directory, manifest, cipher, options);
        }
        catch
        {
            cipher.Dispose();
            throw;
        }

        try
        {
            volume.Initialize();
            volume.OpenChangeLog();
            return volume;
        }
        catch
        {
            volume.Dispose();
            throw;
        }
    }

    private static Volume OpenCore(string directory, VolumeManifest manifest, VolumeCipher cipher, VolumeOptions? options)
    {
        directory = Path.GetFullPath(directory);
        Volume volume;
        try
        {
            if (!File.Exists(Path.Combine(directory, DatabaseFileName)))
            {
                throw new VolumeException($"Volume {manifest.VolumeId} in {directory} has no {DatabaseFileName}.");
            }

            volume = Attach(directory, manifest, cipher, options);
        }
        catch
        {
            cipher.Dispose();
            throw;
        }

        try
        {
            volume.OpenChangeLog();
            return volume;
        }
        catch
        {
            volume.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the change log when the options ask for one and this is the volume's first opening in the process:
    /// SQLite recovers the WAL first, and the log is reconciled with what it recovered before any new commit.
    /// </summary>
    private void OpenChangeLog()
    {
        if (Options.ChangeLog is not { } logOptions || _cipher.Log is not null)
        {
            return;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var reader = checkpoint.ExecuteReader();
            var frames = reader.Read() ? Math.Max(0L, reader.GetInt64(1)) : 0L;
            var wal = WalState.Read(DatabasePath + "-wal", frames);
            _cipher.Log = ChangeLogWriter.Open(Directory, Manifest.VolumeId, _cipher.ChangeLogKey, logOptions, wal);
        }
        catch (SqliteException e)
        {
            throw Describe(e);
        }
        catch (IOException e)
        {
            throw new VolumeException($"Cannot open the change log of volume {Manifest.VolumeId}: {e.Message}", e);
        }
    }

    private static Volume Attach(string directory, VolumeManifest manifest, VolumeCipher cipher, VolumeOptions? options)
    {
        var volume = new Volume(directory, manifest, cipher, options ?? new VolumeOptions());
        var attached = CofferVfs.Attach(volume.DatabasePath, cipher);
        if (!ReferenceEquals(attached, cipher))
        {
            cipher.Dispose();
            volume._cipher = attached;
        }

        return volume;
    }

    /// <summary>
    /// Lays out a new database: 4096-byte pages with <see cref="PageCipher.ReservedBytes"/> reserved bytes each (set
    /// before the first page is written), then WAL mode, then one committed write so that page 1 exists.
    /// </summary>
    private unsafe void Initialize()
    {
        var path = DatabasePath;
        using (File.Create(path, 0, FileOptions.None))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        try
        {
            connection.Open();
        }
        catch (SqliteException e)
        {
            throw new VolumeException($"Cannot create the database of volume {Manifest.VolumeId} in {Directory}: {e.Message} {CofferVfs.LastRefusal}", e);
        }

        var reserve = PageCipher.ReservedBytes;
        var main = "main\0"u8;
        fixed (byte* name = main)
        {
            var rc = Vfs.Native.SqliteNative.FileControl(connection.Handle!.DangerousGetHandle(), name, Vfs.Native.SqliteNative.FcntlReserveBytes, &reserve);
            if (rc != Vfs.Native.SqliteNative.Ok)
            {
                throw new VolumeException($"Cannot reserve the page trailer of volume {Manifest.VolumeId} (SQLite error {rc}).");
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size=4096; PRAGMA temp_store=MEMORY; PRAGMA journal_mode=WAL; CREATE TABLE _coffer_volume (id INTEGER PRIMARY KEY); DROP TABLE _coffer_volume;";
        _cipher.InitializingFile = true;
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            throw new VolumeException($"Cannot lay out volume {Manifest.VolumeId}: {e.Message} {CofferVfs.LastRefusal}", e);
        }
        finally
        {
            _cipher.InitializingFile = false;
        }
    }

    private static void WriteManifest(string directory, VolumeManifest manifest)
    {
        var path = Path.Combine(directory, ManifestFileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, PrivateFiles.WriteOptions(FileMode.CreateNew)))
        {
            stream.Write(manifest.ToJson());
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
    }

    private static string NewVolumeId() => "vol-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
