using System.ComponentModel.DataAnnotations;

namespace Coffer.Audit;

/// <summary>Settings of the audit trail, bound from the <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Audit";

    /// <summary>
    /// The longest a recorded event waits in memory before it is written. Default 1 second. A crash (not a clean
    /// shutdown, which drains everything) loses at most the events recorded during the last interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many events are written in one transaction at most; a full batch is written at once. Default 512.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 512;

    /// <summary>
    /// How many events may wait to be written. Default 16 384. When the queue is full, recording waits for room:
    /// events are never dropped.
    /// </summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 16_384;

    /// <summary>How long events are kept and returned by lookups. Default 90 days, as CloudTrail's event history.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often events older than <see cref="RetentionPeriod"/> are deleted. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
