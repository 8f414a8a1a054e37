using Coffer.Primitives;

namespace Coffer.Audit;

/// <summary>
/// A LookupEvents query. It always runs in one account and region: an account only ever sees its own events.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The largest and default page size.</summary>
    public const int MaxPageSize = 50;

    /// <summary>The longest lookup attribute value.</summary>
    public const int MaxAttributeValueLength = 2000;

    /// <summary>The caller's account: only events whose <c>recipientAccountId</c> it is are returned.</summary>
    public required AccountId Account { get; init; }

    /// <summary>The caller's region: only events whose <c>awsRegion</c> it is are returned.</summary>
    public required string Region { get; init; }

    /// <summary>At most one attribute to filter on; <see langword="null"/> for every event.</summary>
    public AuditLookupFilter? Attribute { get; init; }

    /// <summary>Events at or after this time (inclusive); <see langword="null"/> for the start of the retention period.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>Events at or before this time (inclusive); <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>The page size, 1 to 50; <see langword="null"/> for 50.</summary>
    public int? MaxResults { get; init; }

    /// <summary>The <see cref="AuditPage.NextToken"/> of the previous page of the same query.</summary>
    public string? NextToken { get; init; }
}
