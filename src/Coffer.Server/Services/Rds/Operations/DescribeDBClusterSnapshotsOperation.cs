using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DescribeDBClusterSnapshots: by identifier or ARN, or filtered lists with shared and public ones on request; no Marker on the last page.</summary>
internal sealed class DescribeDBClusterSnapshotsOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeDBClusterSnapshots";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var max = MaxRecords(parameters);
        IEnumerable<DbClusterSnapshot> found = Clusters.DescribeSnapshots(
            caller,
            parameters.GetString("DBClusterIdentifier"),
            parameters.GetString("DBClusterSnapshotIdentifier"),
            parameters.GetString("SnapshotType"),
            parameters.GetBoolean("IncludeShared") ?? false,
            parameters.GetBoolean("IncludePublic") ?? false,
            parameters.GetString("DbClusterResourceId"));
        foreach (var filter in parameters.GetStructureList("Filters"))
        {
            var name = filter.GetValueOrDefault("Name");
            var values = filter.Where(f => f.Key.StartsWith("Values.", StringComparison.Ordinal)).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
            found = name switch
            {
                "db-cluster-id" => found.Where(s => values.Contains(s.ClusterIdentifier) || values.Contains($"arn:aws:rds:{s.Region}:{s.Account}:cluster:{s.ClusterIdentifier}")),
                "db-cluster-snapshot-id" => found.Where(s => values.Contains(s.Identifier) || values.Contains(s.Arn)),
                "snapshot-type" => found.Where(s => values.Contains(s.SnapshotType)),
                "engine" => found.Where(s => values.Contains(ClusterEngine.Name)),
                _ => throw RdsErrors.InvalidParameterValue($"Unrecognized filter name: {name}."),
            };
        }

        var page = Page(found, s => s.Arn, parameters.GetString("Marker"), max, out var next);
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.List("DBClusterSnapshots", "DBClusterSnapshot", page, (w, s) => RdsSnapshotXml.Write(w, s, instances.Store));
            if (next is not null)
            {
                xml.Element("Marker", next);
            }
        });
    }
}
