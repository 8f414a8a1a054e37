using Coffer.Primitives;

namespace Coffer.Audit;

/// <summary>
/// The CloudTrail error catalog for LookupEvents. Codes are the exception shape names of botocore's
/// <c>cloudtrail/2013-11-01/service-2.json</c>; every one is HTTP 400 (Smithy <c>httpError</c> in aws/api-models-aws).
/// </summary>
public static class CloudTrailErrors
{
    /// <summary>A lookup attribute is not valid, or more than one is given.</summary>
    public const string InvalidLookupAttributesCode = "InvalidLookupAttributesException";

    /// <summary>The start time is after the end time.</summary>
    public const string InvalidTimeRangeCode = "InvalidTimeRangeException";

    /// <summary>MaxResults is outside 1 to 50.</summary>
    public const string InvalidMaxResultsCode = "InvalidMaxResultsException";

    /// <summary>The token does not parse or was issued for other parameters.</summary>
    public const string InvalidNextTokenCode = "InvalidNextTokenException";

    /// <summary>EventCategory is not <c>insight</c>.</summary>
    public const string InvalidEventCategoryCode = "InvalidEventCategoryException";

    /// <summary>An invalid lookup attribute.</summary>
    public static AwsServiceException InvalidLookupAttributes(string message) => new(InvalidLookupAttributesCode, message);

    /// <summary>StartTime after EndTime.</summary>
    public static AwsServiceException InvalidTimeRange() =>
        new(InvalidTimeRangeCode, "Start time must be at or before end time.");

    /// <summary>MaxResults outside 1 to 50.</summary>
    public static AwsServiceException InvalidMaxResults(int value) =>
        new(InvalidMaxResultsCode, $"MaxResults must be between 1 and {AuditQuery.MaxPageSize}, not {value}.");

    /// <summary>A token that does not belong to this query.</summary>
    public static AwsServiceException InvalidNextToken() =>
        new(InvalidNextTokenCode, "The NextToken is not valid, or was returned for a request with other parameters. Pass the same parameters as the request that returned it.");

    /// <summary>An EventCategory other than <c>insight</c>.</summary>
    public static AwsServiceException InvalidEventCategory(string value) =>
        new(InvalidEventCategoryCode, $"EventCategory must be 'insight', not '{(value.Length > 32 ? value[..32] + "…" : value)}'.");
}
