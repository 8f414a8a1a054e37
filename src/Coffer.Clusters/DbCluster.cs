using System.Text.Json.Serialization;
using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>A DB cluster's control-plane record. Immutable: a change replaces it.</summary>
public sealed record DbCluster
{
    /// <summary>The cluster identifier (lowercase, unique per account and region).</summary>
    public required string Identifier { get; init; }

    /// <summary>The owning account.</summary>
    public required AccountId Account { get; init; }

    /// <summary>The region.</summary>
    public required string Region { get; init; }

    /// <summary>The resource id (<c>cluster-</c> + 26 characters), unique everywhere; the encryption context of its key.</summary>
    public required string ResourceId { get; init; }

    /// <summary>The lifecycle state (<see cref="ClusterStatus"/>).</summary>
    public required string Status { get; init; }

    /// <summary>The engine: always <c>sqlite</c>.</summary>
    public string Engine { get; init; } = ClusterEngine.Name;

    /// <summary>The engine version: the SQLite version the cluster was created with.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>The master user name.</summary>
    public required string MasterUsername { get; init; }

    /// <summary>The master password, sealed under a key derived from the root key (never in clear at rest).</summary>
    public required string MasterPasswordSealed { get; init; }

    /// <summary>
    /// The master user secret when RDS manages the master password in Secrets Manager (ManageMasterUserPassword);
    /// the same password stays sealed in <see cref="MasterPasswordSealed"/>.
    /// </summary>
    public MasterUserSecret? MasterUserSecret { get; init; }

    /// <summary>Whether the storage is encrypted.</summary>
    public required bool StorageEncrypted { get; init; }

    /// <summary>The key ARN of an encrypted cluster; absent otherwise.</summary>
    public string? KmsKeyArn { get; init; }

    /// <summary>The KMS grant the cluster uses its key through, for its whole life.</summary>
    public string? GrantId { get; init; }

    /// <summary>Automated backup retention in days (1–35).</summary>
    public int BackupRetentionPeriod { get; init; } = 1;

    /// <summary>Whether deletion is refused.</summary>
    public bool DeletionProtection { get; init; }

    /// <summary>Whether the RDS Data API may be used.</summary>
    public bool HttpEndpointEnabled { get; init; }

    /// <summary>Whether snapshots copy the cluster's tags.</summary>
    public bool CopyTagsToSnapshot { get; init; }

    /// <summary>The daily backup window (<c>hh24:mi-hh24:mi</c>, UTC) set by ModifyDBCluster, if any.</summary>
    public string? PreferredBackupWindow { get; init; }

    /// <summary>The weekly maintenance window (<c>ddd:hh24:mi-ddd:hh24:mi</c>, UTC, lowercase) set by ModifyDBCluster, if any.</summary>
    public string? PreferredMaintenanceWindow { get; init; }

    /// <summary>The database name given at creation, if any.</summary>
    public string? DatabaseName { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreateTime { get; init; }

    /// <summary>When it became inaccessible because of its key (the start of the recoverable window).</summary>
    public DateTimeOffset? InaccessibleSince { get; init; }

    /// <summary>What the cluster is being restored from while it is created by a restore; cleared once available.</summary>
    public ClusterRestoreSource? RestoreSource { get; init; }

    /// <summary>The permanent id of the final snapshot a deletion takes first, while it is being taken.</summary>
    public string? FinalSnapshotId { get; init; }

    /// <summary>Whether a deletion under way keeps the automated backups (DeleteAutomatedBackups=false) as a retained backup.</summary>
    public bool RetainAutomatedBackups { get; init; }

    /// <summary>The cluster ARN.</summary>
    [JsonIgnore]
    public string Arn => $"arn:aws:rds:{Region}:{Account}:cluster:{Identifier}";
}

/// <summary>What a cluster being created by a restore is restored from, and on whose authority (to resume after a restart).</summary>
public sealed record ClusterRestoreSource
{
    /// <summary>The permanent id of the snapshot restored.</summary>
    public required string SnapshotId { get; init; }

    /// <summary>The principal that asked for the restore: the archive's key is used on its authority, via RDS.</summary>
    public required string Principal { get; init; }

    /// <summary>For a point-in-time restore: the time restored to (the snapshot is its base); absent for a snapshot restore.</summary>
    public DateTimeOffset? RestoreTime { get; init; }

    /// <summary>For a point-in-time restore: the resource id of the source cluster, whose change log is replayed.</summary>
    public string? SourceResourceId { get; init; }
}
