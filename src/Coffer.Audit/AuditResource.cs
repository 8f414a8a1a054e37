using System.Text.Json.Serialization;

namespace Coffer.Audit;

/// <summary>One entry of a record's <c>resources</c>: <c>{"accountId","type","ARN"}</c>.</summary>
public sealed record AuditResource
{
    /// <summary><c>accountId</c>: the resource's account.</summary>
    [JsonPropertyName("accountId")]
    public required string AccountId { get; init; }

    /// <summary><c>type</c>: the resource type, e.g. <c>AWS::KMS::Key</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary><c>ARN</c>: the resource's ARN (LookupEvents' <c>ResourceName</c>).</summary>
    [JsonPropertyName("ARN")]
    public required string Arn { get; init; }
}
