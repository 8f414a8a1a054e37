namespace Coffer.Storage.ChangeLog;

/// <summary>
/// How a volume keeps its change log: every committed transaction, as the page images it wrote, in append-only
/// segments under <c>changelog/</c> in the volume directory, from which a point-in-time restore replays.
/// </summary>
public sealed record ChangeLogOptions
{
    /// <summary>The clock that stamps commits.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>A segment is closed at the first commit after it reaches this size. Default 64 MiB.</summary>
    public long SegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>A segment is closed at the first commit after it is this old. Default 5 minutes, as Aurora's log upload.</summary>
    public TimeSpan SegmentAge { get; init; } = TimeSpan.FromMinutes(5);
}
