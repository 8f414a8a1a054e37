using System.Collections.Frozen;
using Coffer.Protocols;
using Coffer.Protocols.AwsQuery;
using Coffer.Protocols.Http;

namespace Coffer.Server.Edge;

/// <summary>
/// An AWS Query service: parameters from the form body and the query string, <c>Action</c> and <c>Version</c> checked,
/// the operation found by name, XML written around its result.
/// </summary>
internal abstract class QueryService : AwsService
{
    private static readonly FrozenSet<string> SigV4Parameters = new[]
    {
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, QueryOperation> _operations;

    protected QueryService(IEnumerable<QueryOperation> operations) =>
        _operations = operations.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);

    /// <inheritdoc />
    public sealed override AwsProtocol Protocol => AwsProtocol.Query;

    /// <summary>The API version every request must name, e.g. <c>2014-10-31</c>.</summary>
    public abstract string ApiVersion { get; }

    /// <inheritdoc />
    public sealed override async ValueTask<AwsResponse> HandleAsync(AwsRequestContext request, CancellationToken cancellationToken)
    {
        var pairs = request.Query.Where(p => !SigV4Parameters.Contains(p.Key)).ToList();
        if (!request.Body.IsEmpty)
        {
            var contentType = request.Headers.ContentType.ToString();
            if (!contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                throw QueryErrors.MalformedQueryString($"AWS Query requests carry their parameters form-encoded (Content-Type: application/x-www-form-urlencoded), not '{Shorten(contentType)}'.");
            }

            if (!QueryStringParser.TryParse(System.Text.Encoding.UTF8.GetString(request.Body.Span), out var formPairs, out var badSegment))
            {
                throw QueryErrors.MalformedQueryString($"The request body is not valid form encoding near '{badSegment}'.");
            }

            pairs.AddRange(formPairs);
        }

        if (!QueryParameters.TryCreate(pairs, out var parameters, out var duplicate))
        {
            throw QueryErrors.MalformedQueryString($"Parameter '{Shorten(duplicate!)}' is given more than once.");
        }

        var action = parameters.GetString("Action");
        if (string.IsNullOrEmpty(action))
        {
            throw QueryErrors.MissingAction();
        }

        request.Operation = _operations.ContainsKey(action) ? action : null;
        var version = parameters.GetString("Version");
        if (string.IsNullOrEmpty(version))
        {
            throw QueryErrors.MissingParameter("Version");
        }

        if (version != ApiVersion || !_operations.TryGetValue(action, out var operation))
        {
            throw QueryErrors.InvalidAction(Shorten(action), Shorten(version));
        }

        var writeResult = await operation.ExecuteAsync(request, parameters, cancellationToken);
        return new AwsResponse(200, "text/xml", QueryXmlWriter.WriteResponse(action, XmlNamespace!, request.RequestId, writeResult));
    }

    private static string Shorten(string text) => text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "…") : text;
}
