using Coffer.Storage.Archives;
using Coffer.Storage.Volumes;

namespace Coffer.Storage.ChangeLog;

/// <summary>What a point-in-time restore starts from, replays, and builds.</summary>
public sealed record PointInTimeRestoreRequest
{
    /// <summary>A volume image archive taken at or before <see cref="RestoreTime"/> (its manifest has a log position).</summary>
    public required Stream BaseArchive { get; init; }

    /// <summary>The base archive's data key; <see langword="null"/> for an unencrypted archive.</summary>
    public byte[]? BaseArchiveKey { get; init; }

    /// <summary>The state to restore: every transaction committed at or before this time, and none after.</summary>
    public required DateTimeOffset RestoreTime { get; init; }

    /// <summary>Where sealed change log segments are.</summary>
    public IArchiveStore? Store { get; init; }

    /// <summary>The name prefix of the source volume's sealed segments in <see cref="Store"/>.</summary>
    public string SegmentPrefix { get; init; } = string.Empty;

    /// <summary>Unwraps a sealed segment's data key from its header; returns <see langword="null"/> for unencrypted segments.</summary>
    public Func<ArchiveHeader, CancellationToken, Task<byte[]?>>? SegmentKey { get; init; }

    /// <summary>The source volume, when it is open: its segments not yet sealed are replayed too.</summary>
    public Volume? LiveSource { get; init; }

    /// <summary>The new volume's directory (must not exist or be empty).</summary>
    public required string Directory { get; init; }

    /// <summary>The new volume's key; <see langword="null"/> for an unencrypted volume.</summary>
    public VolumeKeyMaterial? VolumeKey { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>The options to open the new volume with.</summary>
    public VolumeOptions? Options { get; init; }
}
