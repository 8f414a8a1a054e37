namespace Coffer.Audit;

/// <summary>The attributes LookupEvents can filter on (botocore's <c>LookupAttributeKey</c> enum, same spelling).</summary>
public enum AuditLookupAttributeKey
{
    /// <summary>The record's <c>eventID</c>.</summary>
    EventId,

    /// <summary>The record's <c>eventName</c>.</summary>
    EventName,

    /// <summary>The record's <c>readOnly</c>, as the text <c>true</c> or <c>false</c>.</summary>
    ReadOnly,

    /// <summary>The record's <c>userIdentity.userName</c>.</summary>
    Username,

    /// <summary>The <c>type</c> of any of the record's <c>resources</c>.</summary>
    ResourceType,

    /// <summary>The <c>ARN</c> of any of the record's <c>resources</c>.</summary>
    ResourceName,

    /// <summary>The record's <c>eventSource</c>.</summary>
    EventSource,

    /// <summary>The record's <c>userIdentity.accessKeyId</c>.</summary>
    AccessKeyId,
}
