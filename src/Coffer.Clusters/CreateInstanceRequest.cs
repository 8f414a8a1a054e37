namespace Coffer.Clusters;

/// <summary>CreateDBInstance's parameters, as the caller sent them (validated by <see cref="InstanceService"/>).</summary>
public sealed record CreateInstanceRequest
{
    /// <summary>DBInstanceIdentifier.</summary>
    public string? Identifier { get; init; }

    /// <summary>DBInstanceClass.</summary>
    public string? InstanceClass { get; init; }

    /// <summary>Engine (must be the cluster's).</summary>
    public string? Engine { get; init; }

    /// <summary>DBClusterIdentifier (required: Coffer has no standalone instances).</summary>
    public string? ClusterIdentifier { get; init; }

    /// <summary>StorageEncrypted: must not be given (the cluster decides).</summary>
    public bool? StorageEncrypted { get; init; }

    /// <summary>KmsKeyId: must not be given (the cluster decides).</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>PromotionTier, 0–15.</summary>
    public int? PromotionTier { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
