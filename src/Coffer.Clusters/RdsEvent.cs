using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>An RDS event, as DescribeEvents returns it.</summary>
public sealed record RdsEvent(long Id, AccountId Account, string Region, string SourceIdentifier, string SourceType, string SourceArn, string Category, string Message, DateTimeOffset Date);
