using System.Text.Json.Serialization;
using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>
/// A DB cluster snapshot's record. Its data is an archive in the snapshot store, encrypted (when the cluster was) under
/// a data key of its own, generated under the cluster's KMS key with the cluster's encryption context and stored only
/// wrapped, in the archive's header. Immutable: a change replaces it.
/// </summary>
public sealed record DbClusterSnapshot
{
    /// <summary>The snapshot identifier (lowercase; automated ones are <c>rds:&lt;cluster&gt;-&lt;yyyy-MM-dd-HH-mm&gt;</c>).</summary>
    public required string Identifier { get; init; }

    /// <summary>The owning account.</summary>
    public required AccountId Account { get; init; }

    /// <summary>The region.</summary>
    public required string Region { get; init; }

    /// <summary>The snapshot's permanent id (<c>snapshot-</c> + 26 characters): its archive's name and the key of its record.</summary>
    public required string SnapshotId { get; init; }

    /// <summary>The identifier of the cluster it was taken of.</summary>
    public required string ClusterIdentifier { get; init; }

    /// <summary>The resource id of the cluster it was taken of: the encryption context of its data key.</summary>
    public required string ClusterResourceId { get; init; }

    /// <summary>When that cluster was created.</summary>
    public required DateTimeOffset ClusterCreateTime { get; init; }

    /// <summary><c>creating</c>, <c>copying</c> or <c>available</c> (<see cref="SnapshotStatus"/>).</summary>
    public required string Status { get; init; }

    /// <summary><c>manual</c> or <c>automated</c>.</summary>
    public required string SnapshotType { get; init; }

    /// <summary>How much of the archive has been written, 0–100.</summary>
    public int PercentProgress { get; init; }

    /// <summary>Whether the archive is encrypted.</summary>
    public required bool StorageEncrypted { get; init; }

    /// <summary>The key ARN of an encrypted snapshot; absent otherwise.</summary>
    public string? KmsKeyArn { get; init; }

    /// <summary>The engine version of the cluster.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>The master user name a restored cluster gets.</summary>
    public required string MasterUsername { get; init; }

    /// <summary>The master password a restored cluster gets, sealed under a key derived from the root key with the snapshot id.</summary>
    public required string MasterPasswordSealed { get; init; }

    /// <summary>The database name of the cluster, if it had one.</summary>
    public string? DatabaseName { get; init; }

    /// <summary>The cluster's backup retention period when the snapshot was taken.</summary>
    public int BackupRetentionPeriod { get; init; } = 1;

    /// <summary>When the snapshot's view of the data was fixed.</summary>
    public required DateTimeOffset SnapshotCreateTime { get; init; }

    /// <summary>The ARN of the snapshot this one was copied from, if it is a copy.</summary>
    public string? SourceSnapshotArn { get; init; }

    /// <summary>The permanent id of the snapshot this one is being copied from while it is <c>copying</c>.</summary>
    public string? CopyingFromSnapshotId { get; init; }

    /// <summary>
    /// The commit time of the last change log transaction the snapshot's image holds, once written: a point-in-time
    /// restore to any later time can start from it. Absent for snapshots without a change log position.
    /// </summary>
    public DateTimeOffset? LogCommitTime { get; init; }

    /// <summary>The size of the data in bytes, once written.</summary>
    public long SizeBytes { get; init; }

    /// <summary>The accounts it is shared with for restore (the <c>restore</c> attribute; <c>all</c> for public).</summary>
    public IReadOnlyList<string> SharedWith { get; init; } = [];

    /// <summary>Tags given at creation.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The snapshot ARN.</summary>
    [JsonIgnore]
    public string Arn => $"arn:aws:rds:{Region}:{Account}:cluster-snapshot:{Identifier}";

    /// <summary>The name of its archive in the snapshot store.</summary>
    [JsonIgnore]
    public string ArchiveName => $"{Account}/{Region}/{SnapshotId}.archive";

    /// <summary>Whether <paramref name="account"/> may see and restore it: its owner, or an account it is shared with.</summary>
    public bool IsVisibleTo(AccountId account) =>
        account == Account || SharedWith.Contains(account.Value, StringComparer.Ordinal) || SharedWith.Contains("all", StringComparer.Ordinal);
}

/// <summary>The snapshot states and types, spelled as RDS spells them.</summary>
public static class SnapshotStatus
{
#pragma warning disable CS1591 // The names are the values.
    public const string Creating = "creating";
    public const string Copying = "copying";
    public const string Available = "available";
    public const string Manual = "manual";
    public const string Automated = "automated";
#pragma warning restore CS1591
}
