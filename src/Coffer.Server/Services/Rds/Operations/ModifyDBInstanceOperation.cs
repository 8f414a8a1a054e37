using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// ModifyDBInstance: class, identifier and promotion tier, applied at once. StorageEncrypted and KmsKeyId are refused:
/// an instance's encryption is its cluster's.
/// </summary>
internal sealed class ModifyDBInstanceOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "ModifyDBInstance";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var request = new ModifyInstanceRequest
        {
            Identifier = parameters.GetRequiredString("DBInstanceIdentifier"),
            InstanceClass = parameters.GetString("DBInstanceClass"),
            NewIdentifier = parameters.GetString("NewDBInstanceIdentifier"),
            PromotionTier = parameters.GetInt32("PromotionTier"),
            ApplyImmediately = parameters.GetBoolean("ApplyImmediately"),
            StorageEncrypted = parameters.GetString("StorageEncrypted"),
            KmsKeyId = parameters.GetString("KmsKeyId"),
        };
        var instance = await instances.ModifyAsync(caller, request, cancellationToken);
        return xml => xml.Structure("DBInstance", w => RdsInstanceXml.WriteInstance(w, instance));
    }
}
