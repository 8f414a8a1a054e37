using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>StartDBCluster: a stopped cluster, or one whose key is usable again after it became inaccessible.</summary>
internal sealed class StartDBClusterOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "StartDBCluster";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var cluster = await Clusters.StartClusterAsync(caller, parameters.GetRequiredString("DBClusterIdentifier"), cancellationToken);
        return xml => xml.Structure("DBCluster", w => RdsXml.WriteCluster(w, cluster, instances.Store, Clusters.RestorableWindowOf(cluster)));
    }
}
