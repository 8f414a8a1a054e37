namespace Coffer.Audit;

/// <summary>The values of a record's <c>eventType</c>.</summary>
public static class AuditEventTypes
{
    /// <summary>A call made through the API.</summary>
    public const string AwsApiCall = "AwsApiCall";

    /// <summary>An action the service took itself (automatic rotation, deletion at the end of the waiting period).</summary>
    public const string AwsServiceEvent = "AwsServiceEvent";
}
