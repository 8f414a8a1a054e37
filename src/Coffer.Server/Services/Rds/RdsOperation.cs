using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.Rds;

/// <summary>One RDS operation: reads its parameters, calls the control plane, writes its result.</summary>
internal abstract class RdsOperation(ClusterService clusters) : QueryOperation
{
    /// <summary>The control plane.</summary>
    protected ClusterService Clusters { get; } = clusters;

    /// <inheritdoc />
    public sealed override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(AwsRequestContext request, QueryParameters parameters, CancellationToken cancellationToken) =>
        ExecuteAsync(new KmsCaller(request.Caller.Account, request.Caller.PrincipalArn, request.Caller.Region, request.Caller.AccessKeyId), parameters, cancellationToken);

    /// <summary>Runs the operation for <paramref name="caller"/>.</summary>
    protected abstract ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken);

    /// <summary>MaxRecords: 20–100, default 100, as RDS.</summary>
    protected static int MaxRecords(QueryParameters parameters)
    {
        var value = parameters.GetInt32("MaxRecords") ?? 100;
        return value is < 20 or > 100
            ? throw RdsErrors.InvalidParameterValue($"Invalid value {value} for MaxRecords. Must be between 20 and 100.")
            : value;
    }
}
