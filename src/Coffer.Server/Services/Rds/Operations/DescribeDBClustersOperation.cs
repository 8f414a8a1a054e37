using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DescribeDBClusters: by identifier or ARN, or all of the caller's, filtered and paginated; no Marker on the last page.</summary>
internal sealed class DescribeDBClustersOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeDBClusters";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var max = MaxRecords(parameters);
        var marker = parameters.GetString("Marker");
        IEnumerable<DbCluster> found = Clusters.Describe(caller, parameters.GetString("DBClusterIdentifier"));
        foreach (var filter in parameters.GetStructureList("Filters"))
        {
            var name = filter.GetValueOrDefault("Name");
            var values = filter.Where(f => f.Key.StartsWith("Values.", StringComparison.Ordinal)).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
            found = name switch
            {
                "db-cluster-id" => found.Where(c => values.Contains(c.Identifier) || values.Contains(c.Arn)),
                "db-cluster-resource-id" => found.Where(c => values.Contains(c.ResourceId)),
                "engine" => found.Where(c => values.Contains(c.Engine)),
                _ => throw RdsErrors.InvalidParameterValue($"Unrecognized filter name: {name}."),
            };
        }

        var page = found.Where(c => marker is null || string.CompareOrdinal(c.Identifier, marker) > 0).Take(max + 1).ToList();
        var next = page.Count > max ? page[max - 1].Identifier : null;
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.List("DBClusters", "DBCluster", page.Take(max), (w, c) => RdsXml.WriteCluster(w, c, instances.Store, Clusters.RestorableWindowOf(c)));
            if (next is not null)
            {
                xml.Element("Marker", next);
            }
        });
    }
}
