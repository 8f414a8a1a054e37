using System.Security.Cryptography;
using Coffer.Storage.Archives;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Tests.Volumes;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Storage.Tests.ChangeLog;

/// <summary>
/// A volume keeping a change log on a fake clock that moves one second per commit, with the table state after every
/// commit recorded, so that a restore to any time can be compared with what was committed then.
/// </summary>
internal sealed class ChangeLogTestBed : IDisposable
{
    private SqliteConnection? _pin;

    public ChangeLogTestBed(bool encrypted = true, VolumeOptions? options = null)
    {
        Encrypted = encrypted;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        Options = (options ?? new VolumeOptions()) with { ChangeLog = new ChangeLogOptions { Time = Time } };
        VolumeDirectory = Path.Combine(Directory.Path, "source");
        Volume = encrypted
            ? Volume.Create(VolumeDirectory, VolumeTestSupport.KeyMaterial(DataKey), Time, Options)
            : Volume.CreateUnencrypted(VolumeDirectory, Time, Options);
        // An open connection keeps the WAL in place: other tests clearing every connection pool in the process would
        // otherwise close the last connection, checkpoint and delete it between two commits.
        _pin = Volume.OpenConnection();
        VolumeTestSupport.Execute(_pin, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, pad BLOB)");
        Record();
        Store = new DirectoryArchiveStore(Path.Combine(Directory.Path, "store"));
    }

    public TestDirectory Directory { get; } = new();

    public bool Encrypted { get; }

    public FakeTimeProvider Time { get; }

    public VolumeOptions Options { get; }

    public byte[] DataKey { get; } = RandomNumberGenerator.GetBytes(32);

    public string VolumeDirectory { get; }

    public Volume Volume { get; private set; }

    public DirectoryArchiveStore Store { get; }

    public Dictionary<string, byte[]> ArchiveKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>The committed states: LSN, commit time, rows.</summary>
    public List<(long Lsn, DateTimeOffset Time, string Rows)> States { get; } = [];

    /// <summary>Runs <paramref name="sql"/> as one transaction one second after the last, and records the state after it.</summary>
    public void Commit(string sql, params object?[] parameters)
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        using (var connection = Volume.OpenConnection())
        {
            VolumeTestSupport.Execute(connection, sql, parameters);
        }

        Record();
    }

    /// <summary>A volume image archive of the source now, with its data key remembered.</summary>
    public async Task<byte[]> SnapshotAsync()
    {
        using var output = new MemoryStream();
        var manifest = await VolumeArchives.WriteSnapshotAsync(Volume, output, Encrypted ? NewArchiveKey() : null, Time, default);
        LastSnapshot = manifest;
        return output.ToArray();
    }

    /// <summary>The manifest of the last snapshot.</summary>
    public ArchiveManifest? LastSnapshot { get; private set; }

    /// <summary>"Unwraps" an archive's key: the wrapped blob is a random handle to the key.</summary>
    public byte[]? KeyOf(byte[] archive)
    {
        using var reader = ArchiveReader.OpenAsync(new MemoryStream(archive), default).GetAwaiter().GetResult();
        return KeyOf(reader.Header);
    }

    public byte[]? KeyOf(ArchiveHeader header) => header.Cipher == "none" ? null : ArchiveKeys[header.WrappedKey];

    /// <summary>Closes the current segment and seals every closed one into the store.</summary>
    public async Task<IReadOnlyList<string>> SealAsync()
    {
        Volume.RotateChangeLog();
        return await ChangeLogArchives.SealAsync(Volume, Store, "log/", _ => Task.FromResult<VolumeKeyMaterial?>(Encrypted ? NewArchiveKey() : null), Time, default);
    }

    public Task<Volume> RestoreAsync(byte[] baseArchive, DateTimeOffset time, bool live = true, string? name = null) =>
        ChangeLogArchives.RestoreToTimeAsync(
            new PointInTimeRestoreRequest
            {
                BaseArchive = new MemoryStream(baseArchive),
                BaseArchiveKey = KeyOf(baseArchive),
                RestoreTime = time,
                Store = Store,
                SegmentPrefix = "log/",
                SegmentKey = (header, _) => Task.FromResult(KeyOf(header)),
                LiveSource = live ? Volume : null,
                Directory = Path.Combine(Directory.Path, name ?? "restored-" + Guid.NewGuid().ToString("N")[..8]),
                VolumeKey = VolumeTestSupport.KeyMaterial(RandomNumberGenerator.GetBytes(32)),
                Time = Time,
            },
            default);

    /// <summary>The rows the volume holds, as one comparable string.</summary>
    public static string RowsOf(Volume volume)
    {
        using var connection = volume.OpenConnection();
        var rows = VolumeTestSupport.Rows(connection, "SELECT id, v, length(pad) FROM t ORDER BY id");
        return string.Join(";", rows.Select(row => string.Join(",", row)));
    }

    /// <summary>The state committed at or before <paramref name="time"/>.</summary>
    public string StateAt(DateTimeOffset time) => States.Last(state => state.Time <= time).Rows;

    /// <summary>Closes and reopens the source volume (as after a restart).</summary>
    public void Reopen(VolumeOptions? options = null)
    {
        Unpin();
        Volume.Dispose();
        Volume = Encrypted ? Volume.Open(VolumeDirectory, DataKey, options ?? Options) : Volume.OpenUnencrypted(VolumeDirectory, options ?? Options);
    }

    /// <summary>Replaces the source with a volume opened from another directory (a crash image), with the same key.</summary>
    public void OpenInstead(string directory)
    {
        Unpin();
        Volume.Dispose();
        Volume = Encrypted ? Volume.Open(directory, DataKey, Options) : Volume.OpenUnencrypted(directory, Options);
    }

    public void Dispose()
    {
        Unpin();
        Volume.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }

    private void Unpin()
    {
        _pin?.Dispose();
        _pin = null;
    }

    private void Record()
    {
        States.Add((Volume.ChangeLogPosition!.Value.Lsn, Time.GetUtcNow(), RowsOf(Volume)));
    }

    private VolumeKeyMaterial NewArchiveKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var handle = RandomNumberGenerator.GetBytes(16);
        ArchiveKeys[Convert.ToBase64String(handle)] = key;
        return new VolumeKeyMaterial(key, handle, VolumeTestSupport.KeyArn, new Dictionary<string, string>());
    }
}
