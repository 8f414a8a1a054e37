using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>ModifyDBClusterSnapshotAttribute: shares a manual snapshot for restore with accounts (the <c>restore</c> attribute).</summary>
internal sealed class ModifyDBClusterSnapshotAttributeOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "ModifyDBClusterSnapshotAttribute";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var snapshot = await Clusters.ModifySnapshotAttributeAsync(
            caller,
            parameters.GetRequiredString("DBClusterSnapshotIdentifier"),
            parameters.GetRequiredString("AttributeName"),
            parameters.GetList("ValuesToAdd"),
            parameters.GetList("ValuesToRemove"),
            cancellationToken);
        return xml => RdsSnapshotXml.WriteAttributes(xml, snapshot);
    }
}
