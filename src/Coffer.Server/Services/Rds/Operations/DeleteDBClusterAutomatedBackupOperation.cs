using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DeleteDBClusterAutomatedBackup: deletes a retained backup (its automated snapshots and sealed change log) by DbClusterResourceId.</summary>
internal sealed class DeleteDBClusterAutomatedBackupOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DeleteDBClusterAutomatedBackup";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var backup = await Clusters.DeleteAutomatedBackupAsync(caller, parameters.GetRequiredString("DbClusterResourceId"), cancellationToken);
        return xml => xml.Structure("DBClusterAutomatedBackup", w => RdsAutomatedBackupXml.Write(w, backup));
    }
}
