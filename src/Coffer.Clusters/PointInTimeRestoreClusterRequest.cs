namespace Coffer.Clusters;

/// <summary>The parameters of RestoreDBClusterToPointInTime that Coffer uses.</summary>
public sealed record PointInTimeRestoreClusterRequest
{
    /// <summary>The new cluster's identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>The source cluster's identifier or ARN (exclusive with <see cref="SourceResourceId"/>).</summary>
    public string? SourceClusterIdentifier { get; init; }

    /// <summary>The source's resource id: a cluster's, or a retained automated backup's.</summary>
    public string? SourceResourceId { get; init; }

    /// <summary>The time to restore to (exclusive with <see cref="UseLatestRestorableTime"/>).</summary>
    public DateTimeOffset? RestoreToTime { get; init; }

    /// <summary>Whether to restore to the source's LatestRestorableTime.</summary>
    public bool UseLatestRestorableTime { get; init; }

    /// <summary><c>full-copy</c> (the default; <c>copy-on-write</c> is refused).</summary>
    public string? RestoreType { get; init; }

    /// <summary>The key to encrypt the new cluster under; none keeps the source's (an unencrypted source gives an unencrypted cluster).</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Automated backup retention in days; the source's when absent.</summary>
    public int? BackupRetentionPeriod { get; init; }

    /// <summary>Whether deletion is refused.</summary>
    public bool DeletionProtection { get; init; }

    /// <summary>Whether snapshots copy the cluster's tags.</summary>
    public bool CopyTagsToSnapshot { get; init; }

    /// <summary>Whether the RDS Data API may be used.</summary>
    public bool EnableHttpEndpoint { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
