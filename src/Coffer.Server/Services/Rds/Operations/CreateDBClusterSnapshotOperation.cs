using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// CreateDBClusterSnapshot: always under the cluster's own key and encryption. The call has no key to choose: a
/// hand-made request carrying KmsKeyId or StorageEncrypted is refused, as ModifyDBCluster refuses them, rather than
/// answered as if they had been honoured.
/// </summary>
internal sealed class CreateDBClusterSnapshotOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "CreateDBClusterSnapshot";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.GetString("KmsKeyId") is not null || parameters.GetString("StorageEncrypted") is not null)
        {
            throw RdsErrors.InvalidParameterCombination(
                "A DB cluster snapshot always uses its DB cluster's encryption and KMS key, so CreateDBClusterSnapshot takes no KmsKeyId or StorageEncrypted. " +
                "To put the data under another key, copy the snapshot with CopyDBClusterSnapshot and KmsKeyId, then restore the copy.");
        }

        var snapshot = await Clusters.CreateSnapshotAsync(
            caller, parameters.GetRequiredString("DBClusterSnapshotIdentifier"), parameters.GetRequiredString("DBClusterIdentifier"), RdsTags.Read(parameters), cancellationToken);
        return xml => xml.Structure("DBClusterSnapshot", w => RdsSnapshotXml.Write(w, snapshot, null));
    }
}
