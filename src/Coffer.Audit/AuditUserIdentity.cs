using System.Text.Json.Serialization;
using Coffer.Primitives;

namespace Coffer.Audit;

/// <summary>
/// The <c>userIdentity</c> block of a CloudTrail record: who made the call. API calls carry the principal and its
/// access key; service events (rotation, final deletion) carry only <c>accountId</c> and <c>invokedBy</c>.
/// </summary>
public sealed record AuditUserIdentity
{
    /// <summary><c>type</c>: <c>IAMUser</c>, <c>AssumedRole</c>, <c>AWSService</c>…; absent for service events.</summary>
    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    /// <summary><c>principalId</c>: the principal's unique id (<c>AIDA…</c> for an IAM user).</summary>
    [JsonPropertyName("principalId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PrincipalId { get; init; }

    /// <summary><c>arn</c>: the principal's ARN.</summary>
    [JsonPropertyName("arn")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Arn { get; init; }

    /// <summary><c>accountId</c>: the principal's account.</summary>
    [JsonPropertyName("accountId")]
    public required string AccountId { get; init; }

    /// <summary><c>accessKeyId</c>: the access key the request was signed with.</summary>
    [JsonPropertyName("accessKeyId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccessKeyId { get; init; }

    /// <summary><c>userName</c>: the IAM user name, when the principal is a user.</summary>
    [JsonPropertyName("userName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserName { get; init; }

    /// <summary><c>invokedBy</c>: the service that acted (<c>AWS Internal</c>, <c>rds.amazonaws.com</c>…).</summary>
    [JsonPropertyName("invokedBy")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InvokedBy { get; init; }

    /// <summary>The identity of an IAM user who signed a request: type <c>IAMUser</c>, user name from the ARN.</summary>
    public static AuditUserIdentity ForCaller(CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var slash = caller.PrincipalArn.LastIndexOf('/');
        return new AuditUserIdentity
        {
            Type = "IAMUser",
            PrincipalId = caller.UserId,
            Arn = caller.PrincipalArn,
            AccountId = caller.Account.Value,
            AccessKeyId = caller.AccessKeyId,
            UserName = slash >= 0 ? caller.PrincipalArn[(slash + 1)..] : null,
        };
    }

    /// <summary>The identity of a service event: only the account and the acting service.</summary>
    public static AuditUserIdentity ForService(AccountId account, string invokedBy = "AWS Internal") =>
        new() { AccountId = account.Value, InvokedBy = invokedBy };
}
