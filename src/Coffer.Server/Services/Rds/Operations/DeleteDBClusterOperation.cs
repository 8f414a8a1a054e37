using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DeleteDBCluster: status deleting, then gone (the CLI's db-cluster-deleted waiter sees DBClusterNotFoundFault).</summary>
internal sealed class DeleteDBClusterOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DeleteDBCluster";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var cluster = await Clusters.DeleteAsync(
            caller,
            parameters.GetRequiredString("DBClusterIdentifier"),
            parameters.GetBoolean("SkipFinalSnapshot") ?? false,
            parameters.GetString("FinalDBSnapshotIdentifier"),
            cancellationToken,
            parameters.GetBoolean("DeleteAutomatedBackups") ?? true);
        return xml => xml.Structure("DBCluster", w => RdsXml.WriteCluster(w, cluster, instances.Store, Clusters.RestorableWindowOf(cluster)));
    }
}
