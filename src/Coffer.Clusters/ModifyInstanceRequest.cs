namespace Coffer.Clusters;

/// <summary>What ModifyDBInstance asks for, already read from the wire; <see langword="null"/> leaves a setting as it is.</summary>
public sealed record ModifyInstanceRequest
{
    /// <summary>DBInstanceIdentifier: the instance's identifier or ARN.</summary>
    public required string Identifier { get; init; }

    /// <summary>DBInstanceClass (one of <see cref="InstanceClasses.All"/>).</summary>
    public string? InstanceClass { get; init; }

    /// <summary>NewDBInstanceIdentifier: renames the instance (and so changes its ARN).</summary>
    public string? NewIdentifier { get; init; }

    /// <summary>PromotionTier, 0–15.</summary>
    public int? PromotionTier { get; init; }

    /// <summary>ApplyImmediately: accepted; every change applies when the call is made either way.</summary>
    public bool? ApplyImmediately { get; init; }

    /// <summary>StorageEncrypted: must not be given (the cluster decides).</summary>
    public string? StorageEncrypted { get; init; }

    /// <summary>KmsKeyId: must not be given (the cluster decides).</summary>
    public string? KmsKeyId { get; init; }
}
