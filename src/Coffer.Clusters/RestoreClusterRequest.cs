namespace Coffer.Clusters;

/// <summary>The parameters of RestoreDBClusterFromSnapshot that Coffer uses.</summary>
public sealed record RestoreClusterRequest
{
    /// <summary>The new cluster's identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>The snapshot: its identifier, or its ARN (required for a snapshot shared from another account).</summary>
    public required string SnapshotIdentifier { get; init; }

    /// <summary>The engine (must be the snapshot's: <c>sqlite</c>).</summary>
    public required string Engine { get; init; }

    /// <summary>The engine version, if given (must be the snapshot's).</summary>
    public string? EngineVersion { get; init; }

    /// <summary>The key to encrypt the new cluster under; none keeps the snapshot's (and an unencrypted snapshot gives an unencrypted cluster).</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Automated backup retention in days; the snapshot's when absent.</summary>
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
