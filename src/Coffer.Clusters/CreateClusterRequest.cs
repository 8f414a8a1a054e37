namespace Coffer.Clusters;

/// <summary>What CreateDBCluster asks for, already read from the wire.</summary>
public sealed record CreateClusterRequest
{
    /// <summary>The cluster identifier as given.</summary>
    public required string Identifier { get; init; }

    /// <summary>The engine as given.</summary>
    public required string Engine { get; init; }

    /// <summary>The engine version, if given.</summary>
    public string? EngineVersion { get; init; }

    /// <summary>The master user name.</summary>
    public string? MasterUsername { get; init; }

    /// <summary>The master user password (never stored in clear).</summary>
    public string? MasterUserPassword { get; init; }

    /// <summary>ManageMasterUserPassword: RDS generates the master password and keeps it in a Secrets Manager secret.</summary>
    public bool ManageMasterUserPassword { get; init; }

    /// <summary>MasterUserSecretKmsKeyId: the key of the master user secret, any form; <c>aws/secretsmanager</c> when absent.</summary>
    public string? MasterUserSecretKmsKeyId { get; init; }

    /// <summary>Whether the storage is to be encrypted.</summary>
    public bool StorageEncrypted { get; init; }

    /// <summary>The KMS key in any of its four identifier forms; the account's <c>alias/aws/rds</c> when absent.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Backup retention in days.</summary>
    public int? BackupRetentionPeriod { get; init; }

    /// <summary>Deletion protection.</summary>
    public bool DeletionProtection { get; init; }

    /// <summary>Whether the Data API endpoint is on.</summary>
    public bool EnableHttpEndpoint { get; init; }

    /// <summary>Whether snapshots copy tags.</summary>
    public bool CopyTagsToSnapshot { get; init; }

    /// <summary>The initial database name.</summary>
    public string? DatabaseName { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
