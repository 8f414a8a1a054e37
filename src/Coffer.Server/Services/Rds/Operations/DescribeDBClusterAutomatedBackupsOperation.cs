using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DescribeDBClusterAutomatedBackups: the retained automated backups of deleted clusters (Status retained).</summary>
internal sealed class DescribeDBClusterAutomatedBackupsOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeDBClusterAutomatedBackups";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var max = MaxRecords(parameters);
        IEnumerable<DbClusterAutomatedBackup> found = Clusters.DescribeAutomatedBackups(caller, parameters.GetString("DbClusterResourceId"), parameters.GetString("DBClusterIdentifier"));
        foreach (var filter in parameters.GetStructureList("Filters"))
        {
            var name = filter.GetValueOrDefault("Name");
            var values = filter.Where(f => f.Key.StartsWith("Values.", StringComparison.Ordinal)).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
            found = name switch
            {
                "status" => found.Where(b => values.Contains(b.Status)),
                "db-cluster-id" => found.Where(b => values.Contains(b.ClusterIdentifier) || values.Contains(b.ClusterArn)),
                "db-cluster-resource-id" => found.Where(b => values.Contains(b.ResourceId)),
                _ => throw RdsErrors.InvalidParameterValue($"Unrecognized filter name: {name}."),
            };
        }

        var page = Page(found, b => b.ResourceId, parameters.GetString("Marker"), max, out var next);
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.List("DBClusterAutomatedBackups", "DBClusterAutomatedBackup", page, RdsAutomatedBackupXml.Write);
            if (next is not null)
            {
                xml.Element("Marker", next);
            }
        });
    }
}
