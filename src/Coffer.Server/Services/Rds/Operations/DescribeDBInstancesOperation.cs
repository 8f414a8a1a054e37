using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DescribeDBInstances: by identifier or ARN, or all of the caller's, filtered and paginated; no Marker on the last page.</summary>
internal sealed class DescribeDBInstancesOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeDBInstances";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var max = MaxRecords(parameters);
        var marker = parameters.GetString("Marker");
        IEnumerable<InstanceDescription> found = instances.Describe(caller, parameters.GetString("DBInstanceIdentifier"));
        foreach (var filter in parameters.GetStructureList("Filters"))
        {
            var name = filter.GetValueOrDefault("Name");
            var values = filter.Where(f => f.Key.StartsWith("Values.", StringComparison.Ordinal)).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
            found = name switch
            {
                "db-cluster-id" => found.Where(i => values.Contains(i.Cluster.Identifier) || values.Contains(i.Cluster.Arn)),
                "db-instance-id" => found.Where(i => values.Contains(i.Instance.Identifier) || values.Contains(i.Instance.Arn)),
                "dbi-resource-id" => found.Where(i => values.Contains(i.Instance.ResourceId)),
                "engine" => found.Where(i => values.Contains(i.Cluster.Engine)),
                _ => throw RdsErrors.InvalidParameterValue($"Unrecognized filter name: {name}."),
            };
        }

        var page = found.Where(i => marker is null || string.CompareOrdinal(i.Instance.Identifier, marker) > 0).Take(max + 1).ToList();
        var next = page.Count > max ? page[max - 1].Instance.Identifier : null;
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.List("DBInstances", "DBInstance", page.Take(max), RdsInstanceXml.WriteInstance);
            if (next is not null)
            {
                xml.Element("Marker", next);
            }
        });
    }
}
