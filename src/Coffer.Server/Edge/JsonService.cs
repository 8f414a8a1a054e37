using System.Collections.Frozen;
using Coffer.Protocols;
using Coffer.Protocols.AwsJson;

namespace Coffer.Server.Edge;

/// <summary>
/// An AWS JSON 1.1 service: <c>X-Amz-Target: Prefix.Operation</c>, a JSON object body, JSON responses.
/// </summary>
internal abstract class JsonService : AwsService
{
    private readonly FrozenDictionary<string, JsonOperation> _operations;

    protected JsonService(IEnumerable<JsonOperation> operations) =>
        _operations = operations.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);

    /// <inheritdoc />
    public sealed override AwsProtocol Protocol => AwsProtocol.Json11;

    /// <summary>The target prefix, e.g. <c>TrentService</c>.</summary>
    public abstract string TargetPrefix { get; }

    /// <inheritdoc />
    public sealed override async ValueTask<AwsResponse> HandleAsync(AwsRequestContext request, CancellationToken cancellationToken)
    {
        var target = request.Headers[AwsJsonProtocol.TargetHeader].ToString();
        if (!AwsJsonProtocol.TryParseTarget(target, out var prefix, out var name) || prefix != TargetPrefix || !_operations.TryGetValue(name, out var operation))
        {
            throw JsonErrors.UnknownOperation(target.Length == 0
                ? $"The request has no {AwsJsonProtocol.TargetHeader} header naming a {SigningName} operation ({TargetPrefix}.<Operation>)."
                : $"{TargetPrefix} has no operation named by '{(target.Length > 80 ? target[..80] + "…" : target)}'.");
        }

        request.Operation = name;
        var contentType = request.Headers.ContentType.ToString();
        if (!contentType.StartsWith("application/x-amz-json-1.", StringComparison.OrdinalIgnoreCase) &&
            !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw JsonErrors.Serialization($"Requests to {SigningName} carry a JSON body with Content-Type {AwsJsonProtocol.ContentType}, not '{(contentType.Length > 80 ? contentType[..80] + "…" : contentType)}'.");
        }

        if (!AwsJsonProtocol.TryParseBody(request.Body, out var document, out var problem))
        {
            document.Dispose();
            throw JsonErrors.Serialization(problem!);
        }

        using (document)
        {
            var body = await operation.ExecuteAsync(request, document.RootElement, cancellationToken);
            return new AwsResponse(200, AwsJsonProtocol.ContentType, body);
        }
    }
}
