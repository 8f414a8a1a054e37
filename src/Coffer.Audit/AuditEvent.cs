using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coffer.Audit;

/// <summary>
/// One audit record, in exactly the shape of a CloudTrail record (<c>eventVersion</c> 1.11): what LookupEvents returns
/// as <c>CloudTrailEvent</c>. Property names serialise to CloudTrail's field names through <see cref="AuditJsonContext"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Contract for producers.</b> A record never holds a secret. <see cref="RequestParameters"/> carries the request's
/// fields in lowerCamelCase (<c>keyId</c> as supplied, <c>keySpec</c>, <c>numberOfBytes</c>, <c>encryptionContext</c>,
/// <c>encryptionAlgorithm</c>…) but never plaintext, ciphertext or grant tokens; <see cref="ResponseElements"/> is
/// <see langword="null"/> for cryptographic calls and never holds a key, plaintext or token either (CreateGrant logs
/// only <c>grantId</c>). The producer is responsible for leaving them out.
/// </para>
/// <para>
/// As a defence in depth, <see cref="AuditTrail.RecordAsync"/> removes every member named <c>plaintext</c>,
/// <c>ciphertextBlob</c>, <c>grantTokens</c> or <c>grantToken</c> (any case, at any depth) from
/// <see cref="RequestParameters"/>, <see cref="ResponseElements"/> and <see cref="ServiceEventDetails"/> before the record is
/// stored, and logs a warning naming the field (never its value), because its presence is a producer bug.
/// </para>
/// </remarks>
public sealed record AuditEvent
{
    /// <summary>The record format version CloudTrail writes today.</summary>
    public const string CurrentVersion = "1.11";

    /// <summary><c>eventVersion</c>. Default <see cref="CurrentVersion"/>.</summary>
    [JsonPropertyName("eventVersion")]
    public string EventVersion { get; init; } = CurrentVersion;

    /// <summary><c>userIdentity</c>: who made the call.</summary>
    [JsonPropertyName("userIdentity")]
    public required AuditUserIdentity UserIdentity { get; init; }

    /// <summary><c>eventTime</c>, written <c>yyyy-MM-ddTHH:mm:ssZ</c>; stored truncated to the second.</summary>
    [JsonPropertyName("eventTime")]
    [JsonConverter(typeof(CloudTrailTimeConverter))]
    public required DateTimeOffset EventTime { get; init; }

    /// <summary><c>eventSource</c>: the service, e.g. <c>kms.amazonaws.com</c>.</summary>
    [JsonPropertyName("eventSource")]
    public required string EventSource { get; init; }

    /// <summary><c>eventName</c>: the API name, e.g. <c>Decrypt</c>, or the service action (<c>RotateKey</c>).</summary>
    [JsonPropertyName("eventName")]
    public required string EventName { get; init; }

    /// <summary><c>awsRegion</c>: the region the call was made in; with the account, the scope of lookups.</summary>
    [JsonPropertyName("awsRegion")]
    public required string AwsRegion { get; init; }

    /// <summary><c>sourceIPAddress</c>: the caller's address, or <c>AWS Internal</c> for service events.</summary>
    [JsonPropertyName("sourceIPAddress")]
    public required string SourceIpAddress { get; init; }

    /// <summary><c>userAgent</c>: the caller's user agent, or <c>AWS Internal</c> for service events.</summary>
    [JsonPropertyName("userAgent")]
    public required string UserAgent { get; init; }

    /// <summary><c>errorCode</c>: the AWS error code when the call failed; absent on success.</summary>
    [JsonPropertyName("errorCode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorCode { get; init; }

    /// <summary><c>errorMessage</c>: the error message when the call failed; absent on success.</summary>
    [JsonPropertyName("errorMessage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorMessage { get; init; }

    /// <summary><c>requestParameters</c>: the request's non-secret fields (see the remarks); written <c>null</c> when absent.</summary>
    [JsonPropertyName("requestParameters")]
    public JsonObject? RequestParameters { get; init; }

    /// <summary><c>responseElements</c>: <see langword="null"/> for crypto calls (written as <c>null</c>).</summary>
    [JsonPropertyName("responseElements")]
    public JsonNode? ResponseElements { get; init; }

    /// <summary><c>requestID</c>: the request id the caller saw (<c>x-amzn-RequestId</c>).</summary>
    [JsonPropertyName("requestID")]
    public required string RequestId { get; init; }

    /// <summary>
    /// <c>eventID</c>: this record's own UUID. Default: a fresh time-ordered one (version 7), so that the index that
    /// finds events by id grows at one end instead of being written at random places.
    /// </summary>
    [JsonPropertyName("eventID")]
    public string EventId { get; init; } = Guid.CreateVersion7().ToString();

    /// <summary><c>readOnly</c>: <see langword="true"/> for calls that change nothing (Encrypt, Decrypt, Describe…).</summary>
    [JsonPropertyName("readOnly")]
    public required bool ReadOnly { get; init; }

    /// <summary><c>resources</c>: the resources the call touched. Default: none.</summary>
    [JsonPropertyName("resources")]
    public IReadOnlyList<AuditResource> Resources { get; init; } = [];

    /// <summary><c>eventType</c>: <see cref="AuditEventTypes.AwsApiCall"/> (default) or <see cref="AuditEventTypes.AwsServiceEvent"/>.</summary>
    [JsonPropertyName("eventType")]
    public string EventType { get; init; } = AuditEventTypes.AwsApiCall;

    /// <summary><c>managementEvent</c>: always <see langword="true"/> for the events Coffer records.</summary>
    [JsonPropertyName("managementEvent")]
    public bool ManagementEvent { get; init; } = true;

    /// <summary><c>eventCategory</c>: <c>Management</c>.</summary>
    [JsonPropertyName("eventCategory")]
    public string EventCategory { get; init; } = "Management";

    /// <summary><c>recipientAccountId</c>: the account whose trail receives the record; with the region, the lookup scope.</summary>
    [JsonPropertyName("recipientAccountId")]
    public required string RecipientAccountId { get; init; }

    /// <summary><c>serviceEventDetails</c>: for service events, e.g. RotateKey's <c>{"keyId":…}</c>; absent otherwise.</summary>
    [JsonPropertyName("serviceEventDetails")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? ServiceEventDetails { get; init; }
}
