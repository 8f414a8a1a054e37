using Coffer.Primitives;

namespace Coffer.Server.Edge;

/// <summary>One authenticated AWS request, as the edge hands it to a service.</summary>
internal sealed class AwsRequestContext
{
    /// <summary>The request id, also sent as <c>x-amzn-RequestId</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary>Who signed the request, and for which region.</summary>
    public required CallerIdentity Caller { get; init; }

    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The decoded request path.</summary>
    public required string Path { get; init; }

    /// <summary>The decoded query-string pairs, without SigV4's own presigning parameters.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Query { get; init; }

    /// <summary>The request headers.</summary>
    public required IHeaderDictionary Headers { get; init; }

    /// <summary>The whole body (bounded by the configured limit).</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The client's IP address, for the audit trail.</summary>
    public string SourceAddress { get; init; } = "127.0.0.1";

    /// <summary>The client's User-Agent, for the audit trail (truncated).</summary>
    public string UserAgent => Headers.UserAgent.ToString() is { Length: > 0 } agent ? (agent.Length > 512 ? agent[..512] : agent) : "unknown";

    /// <summary>The operation, once the service has identified it (for the request log).</summary>
    public string? Operation { get; set; }
}
