using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DeleteDBInstance: answers deleting, then the instance is gone (DBInstanceNotFound).</summary>
internal sealed class DeleteDBInstanceOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DeleteDBInstance";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.GetString("FinalDBSnapshotIdentifier") is not null)
        {
            throw RdsErrors.InvalidParameterCombination("FinalDBSnapshotIdentifier can not be specified when deleting a DB instance that is a member of a DB cluster.");
        }

        var instance = await instances.DeleteAsync(caller, parameters.GetRequiredString("DBInstanceIdentifier"), cancellationToken);
        return xml => xml.Structure("DBInstance", w => RdsInstanceXml.WriteInstance(w, instance));
    }
}
