namespace Coffer.Storage.Volumes;

/// <summary>How a volume's connections are set up.</summary>
public sealed record VolumeOptions
{
    /// <summary>
    /// SQLite's <c>synchronous</c> setting. Default <c>FULL</c>: a commit that returned is on disk and survives power
    /// loss. <c>NORMAL</c> keeps the database consistent but may lose the last commits on power loss.
    /// </summary>
    public string Synchronous { get; init; } = "FULL";

    /// <summary>The page cache per connection, in KiB. Default 8 MiB: a cache hit costs no decryption.</summary>
    public int CacheSizeKiB { get; init; } = 8 * 1024;

    /// <summary>How long a connection waits for a lock before failing with SQLITE_BUSY. Default 10 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Keep a change log of every committed transaction for point-in-time restore; <see langword="null"/> (the
    /// default) keeps none. Applies when the volume is first opened in the process.
    /// </summary>
    public ChangeLog.ChangeLogOptions? ChangeLog { get; init; }
}
