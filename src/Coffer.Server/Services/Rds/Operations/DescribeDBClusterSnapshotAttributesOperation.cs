using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DescribeDBClusterSnapshotAttributes: the <c>restore</c> attribute of one of the caller's snapshots (empty when not shared).</summary>
internal sealed class DescribeDBClusterSnapshotAttributesOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeDBClusterSnapshotAttributes";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var snapshot = Clusters.DescribeSnapshotAttributes(caller, parameters.GetRequiredString("DBClusterSnapshotIdentifier"));
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml => RdsSnapshotXml.WriteAttributes(xml, snapshot));
    }
}
