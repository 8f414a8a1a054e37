using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>CreateDBClusterSnapshot: always under the cluster's own key and encryption (the call has no key to choose).</summary>
internal sealed class CreateDBClusterSnapshotOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "CreateDBClusterSnapshot";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var snapshot = await Clusters.CreateSnapshotAsync(
            caller, parameters.GetRequiredString("DBClusterSnapshotIdentifier"), parameters.GetRequiredString("DBClusterIdentifier"), RdsTags.Read(parameters), cancellationToken);
        return xml => xml.Structure("DBClusterSnapshot", w => RdsSnapshotXml.Write(w, snapshot, null));
    }
}
