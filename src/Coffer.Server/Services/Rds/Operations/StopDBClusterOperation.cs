using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>StopDBCluster: an available cluster; its volume is closed and its data key dropped from memory.</summary>
internal sealed class StopDBClusterOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "StopDBCluster";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var cluster = await Clusters.StopClusterAsync(caller, parameters.GetRequiredString("DBClusterIdentifier"), cancellationToken);
        return xml => xml.Structure("DBCluster", w => RdsXml.WriteCluster(w, cluster, instances.Store, Clusters.RestorableWindowOf(cluster)));
    }
}
