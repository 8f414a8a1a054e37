using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>RebootDBInstance: an available instance answers rebooting and is available again.</summary>
internal sealed class RebootDBInstanceOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "RebootDBInstance";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var instance = await instances.RebootAsync(caller, parameters.GetRequiredString("DBInstanceIdentifier"), cancellationToken);
        return xml => xml.Structure("DBInstance", w => RdsInstanceXml.WriteInstance(w, instance));
    }
}
