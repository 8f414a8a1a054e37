using System.Text.Json.Serialization;
using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>A DB instance's control-plane record: always a member of a DB cluster (Coffer has no standalone instances). Immutable.</summary>
public sealed record DbInstance
{
    /// <summary>The instance identifier (lowercase, unique per account and region).</summary>
    public required string Identifier { get; init; }

    /// <summary>The owning account.</summary>
    public required AccountId Account { get; init; }

    /// <summary>The region.</summary>
    public required string Region { get; init; }

    /// <summary>The resource id (<c>db-</c> + 26 characters).</summary>
    public required string ResourceId { get; init; }

    /// <summary>The instance class (one of <see cref="InstanceClasses.All"/>).</summary>
    public required string InstanceClass { get; init; }

    /// <summary>The cluster's identifier when the instance was created.</summary>
    public required string ClusterIdentifier { get; init; }

    /// <summary>The cluster's resource id (the link that survives a cluster rename).</summary>
    public required string ClusterResourceId { get; init; }

    /// <summary>The stored lifecycle state (<see cref="InstanceStatus"/>).</summary>
    public required string Status { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreateTime { get; init; }

    /// <summary>Failover priority, 0–15 (default 1).</summary>
    public int PromotionTier { get; init; } = 1;

    /// <summary>The tags given at creation (later changes live in the resource tag store).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The instance ARN.</summary>
    [JsonIgnore]
    public string Arn => $"arn:aws:rds:{Region}:{Account}:db:{Identifier}";
}
