using System.Text.Json.Nodes;
using Coffer.Keys;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.Kms;

/// <summary>One KMS request as an operation sees it: who calls, the input, and what the audit record should name.</summary>
internal sealed class KmsCall
{
    /// <summary>The caller.</summary>
    public required KmsCaller Caller { get; init; }

    /// <summary>The request body.</summary>
    public required KmsInput Input { get; init; }

    /// <summary>The HTTP request.</summary>
    public required AwsRequestContext Request { get; init; }

    /// <summary>The key the call acted on (the audit record's resource), once known.</summary>
    public string? KeyArn { get; set; }

    /// <summary>What the audit record lists as the response (e.g. a grant id; never a secret).</summary>
    public JsonObject? ResponseElements { get; set; }
}
