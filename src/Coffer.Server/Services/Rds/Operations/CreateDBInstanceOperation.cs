using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>CreateDBInstance: a member of a DB cluster, with the cluster's engine, encryption and key (KmsKeyId and StorageEncrypted are refused).</summary>
internal sealed class CreateDBInstanceOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "CreateDBInstance";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var request = new CreateInstanceRequest
        {
            Identifier = parameters.GetRequiredString("DBInstanceIdentifier"),
            InstanceClass = parameters.GetRequiredString("DBInstanceClass"),
            Engine = parameters.GetRequiredString("Engine"),
            ClusterIdentifier = parameters.GetString("DBClusterIdentifier"),
            StorageEncrypted = parameters.GetBoolean("StorageEncrypted"),
            KmsKeyId = parameters.GetString("KmsKeyId"),
            PromotionTier = parameters.GetInt32("PromotionTier"),
            Tags = RdsTags.Read(parameters),
        };
        var instance = await instances.CreateAsync(caller, request, cancellationToken);
        return xml => xml.Structure("DBInstance", w => RdsInstanceXml.WriteInstance(w, instance));
    }
}
