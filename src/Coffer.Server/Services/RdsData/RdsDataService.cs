using System.Collections.Frozen;
using Coffer.Data.DataApi;
using Coffer.Keys;
using Coffer.Protocols;
using Coffer.Protocols.AwsJson;
using Coffer.Protocols.RestJson;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.RdsData;

/// <summary>The RDS Data API (REST-JSON, <c>POST /Execute</c>, <c>/BeginTransaction</c>…), signed for <c>rds-data</c>.</summary>
internal sealed class RdsDataService(IEnumerable<RdsDataOperation> operations) : AwsService
{
    private readonly FrozenDictionary<string, RdsDataOperation> _operations = operations.ToFrozenDictionary(o => o.Path, StringComparer.Ordinal);

    /// <inheritdoc />
    public override string SigningName => "rds-data";

    /// <inheritdoc />
    public override AwsProtocol Protocol => AwsProtocol.RestJson;

    /// <inheritdoc />
    public override async ValueTask<AwsResponse> HandleAsync(AwsRequestContext request, CancellationToken cancellationToken)
    {
        if (!_operations.TryGetValue(request.Path, out var operation))
        {
            throw new Primitives.AwsServiceException("UnknownOperationException", $"The Data API has no operation at {(request.Path.Length > 80 ? request.Path[..80] + "…" : request.Path)}; it serves POST {string.Join(", ", _operations.Keys.Order(StringComparer.Ordinal))}.", 404);
        }

        request.Operation = operation.Name;
        if (!HttpMethods.IsPost(request.Method))
        {
            throw new Primitives.AwsServiceException("MethodNotAllowedException", $"{operation.Name} is called with POST {operation.Path}.", 405);
        }

        if (!AwsJsonProtocol.TryParseBody(request.Body, out var document, out var problem))
        {
            document.Dispose();
            throw DataApiErrors.BadRequest(problem!);
        }

        using (document)
        {
            var caller = new KmsCaller(request.Caller.Account, request.Caller.PrincipalArn, request.Caller.Region, request.Caller.AccessKeyId);
            var body = await operation.ExecuteAsync(caller, new RdsDataInput(document.RootElement), request.Body.Length, cancellationToken);
            return new AwsResponse(200, RestJsonProtocol.ContentType, body);
        }
    }
}
