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

    /// <summary>
    /// One page of <paramref name="items"/> after <paramref name="marker"/> (in the ordinal order of <paramref name="key"/>);
    /// <paramref name="next"/> is the marker of the following page, or <see langword="null"/> on the last one.
    /// </summary>
    protected static IReadOnlyList<T> Page<T>(IEnumerable<T> items, Func<T, string> key, string? marker, int max, out string? next)
    {
        var page = items.Where(i => marker is null || string.CompareOrdinal(key(i), marker) > 0).OrderBy(key, StringComparer.Ordinal).Take(max + 1).ToList();
        next = page.Count > max ? key(page[max - 1]) : null;
        return page.Count > max ? page[..max] : page;
    }
}
