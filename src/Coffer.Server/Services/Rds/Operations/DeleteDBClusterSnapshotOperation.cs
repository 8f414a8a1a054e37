using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DeleteDBClusterSnapshot: one of the caller's available snapshots; its archive is removed.</summary>
internal sealed class DeleteDBClusterSnapshotOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DeleteDBClusterSnapshot";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var snapshot = await Clusters.DeleteSnapshotAsync(caller, parameters.GetRequiredString("DBClusterSnapshotIdentifier"), cancellationToken);
        return xml => xml.Structure("DBClusterSnapshot", w => RdsSnapshotXml.Write(w, snapshot, null));
    }
}
