using System.Text.Json;

namespace Coffer.Server.Edge;

/// <summary>One operation of an AWS JSON 1.1 service.</summary>
internal abstract class JsonOperation
{
    /// <summary>The operation name, the part of <c>X-Amz-Target</c> after the prefix.</summary>
    public abstract string Name { get; }

    /// <summary>Runs the operation on the request's JSON object and returns the response body (UTF-8 JSON).</summary>
    public abstract ValueTask<byte[]> ExecuteAsync(AwsRequestContext request, JsonElement input, CancellationToken cancellationToken);
}
