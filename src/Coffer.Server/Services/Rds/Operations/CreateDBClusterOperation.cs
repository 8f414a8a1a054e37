using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// CreateDBCluster: engine sqlite; StorageEncrypted with KmsKeyId in any form (default alias/aws/rds);
/// ManageMasterUserPassword with MasterUserSecretKmsKeyId in any form (default alias/aws/secretsmanager).
/// </summary>
internal sealed class CreateDBClusterOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "CreateDBCluster";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var request = new CreateClusterRequest
        {
            Identifier = parameters.GetRequiredString("DBClusterIdentifier"),
            Engine = parameters.GetRequiredString("Engine"),
            EngineVersion = parameters.GetString("EngineVersion"),
            MasterUsername = parameters.GetString("MasterUsername"),
            MasterUserPassword = parameters.GetString("MasterUserPassword"),
            ManageMasterUserPassword = parameters.GetBoolean("ManageMasterUserPassword") ?? false,
            MasterUserSecretKmsKeyId = parameters.GetString("MasterUserSecretKmsKeyId"),
            StorageEncrypted = parameters.GetBoolean("StorageEncrypted") ?? false,
            KmsKeyId = parameters.GetString("KmsKeyId"),
            BackupRetentionPeriod = parameters.GetInt32("BackupRetentionPeriod"),
            DeletionProtection = parameters.GetBoolean("DeletionProtection") ?? false,
            EnableHttpEndpoint = parameters.GetBoolean("EnableHttpEndpoint") ?? false,
            CopyTagsToSnapshot = parameters.GetBoolean("CopyTagsToSnapshot") ?? false,
            DatabaseName = parameters.GetString("DatabaseName"),
            Tags = RdsTags.Read(parameters),
        };
        var cluster = await Clusters.CreateAsync(caller, request, cancellationToken);
        return xml => xml.Structure("DBCluster", w => RdsXml.WriteCluster(w, cluster, instances.Store, Clusters.RestorableWindowOf(cluster)));
    }
}
