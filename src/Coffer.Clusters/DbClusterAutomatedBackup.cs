using System.Text.Json.Serialization;
using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>
/// The automated backups of a deleted DB cluster, retained because it was deleted with DeleteAutomatedBackups=false:
/// its automated snapshots (still in the snapshot store, still encrypted under the cluster's key) and its sealed change
/// log, restorable to any time in <see cref="EarliestTime"/>–<see cref="LatestTime"/> until deleted.
/// </summary>
public sealed record DbClusterAutomatedBackup
{
    /// <summary>The deleted cluster's resource id: the backup's identity (DbClusterResourceId).</summary>
    public required string ResourceId { get; init; }

    /// <summary>The owning account.</summary>
    public required AccountId Account { get; init; }

    /// <summary>The region.</summary>
    public required string Region { get; init; }

    /// <summary>The deleted cluster's identifier.</summary>
    public required string ClusterIdentifier { get; init; }

    /// <summary>Always <c>retained</c>.</summary>
    public string Status { get; init; } = "retained";

    /// <summary>Whether the backups are encrypted.</summary>
    public required bool StorageEncrypted { get; init; }

    /// <summary>The key ARN of encrypted backups; absent otherwise.</summary>
    public string? KmsKeyArn { get; init; }

    /// <summary>The cluster's engine version.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>The cluster's master user name.</summary>
    public required string MasterUsername { get; init; }

    /// <summary>The cluster's retention period when it was deleted.</summary>
    public required int BackupRetentionPeriod { get; init; }

    /// <summary>When the cluster was created.</summary>
    public required DateTimeOffset ClusterCreateTime { get; init; }

    /// <summary>The earliest time the backups restore to.</summary>
    public required DateTimeOffset EarliestTime { get; init; }

    /// <summary>The latest time the backups restore to (when the cluster was deleted, once its whole log was sealed).</summary>
    public required DateTimeOffset LatestTime { get; init; }

    /// <summary>The ARN (<c>arn:aws:rds:&lt;region&gt;:&lt;account&gt;:cluster-auto-backup:&lt;resource id&gt;</c>).</summary>
    [JsonIgnore]
    public string Arn => $"arn:aws:rds:{Region}:{Account}:cluster-auto-backup:{ResourceId}";

    /// <summary>The deleted cluster's ARN.</summary>
    [JsonIgnore]
    public string ClusterArn => $"arn:aws:rds:{Region}:{Account}:cluster:{ClusterIdentifier}";
}
