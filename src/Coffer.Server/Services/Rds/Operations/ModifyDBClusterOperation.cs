using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// ModifyDBCluster: rename, backup retention, deletion protection, HTTP endpoint, tag copying, master password (or its management in
/// Secrets Manager: ManageMasterUserPassword, RotateMasterUserPassword, MasterUserSecretKmsKeyId) and the
/// backup and maintenance windows, applied at once. StorageEncrypted and KmsKeyId (not in the model, but a hand-made
/// request can send them) are read only to be refused: a cluster's encryption and key never change.
/// </summary>
internal sealed class ModifyDBClusterOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "ModifyDBCluster";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var request = new ModifyClusterRequest
        {
            Identifier = parameters.GetRequiredString("DBClusterIdentifier"),
            NewIdentifier = parameters.GetString("NewDBClusterIdentifier"),
            BackupRetentionPeriod = parameters.GetInt32("BackupRetentionPeriod"),
            DeletionProtection = parameters.GetBoolean("DeletionProtection"),
            EnableHttpEndpoint = parameters.GetBoolean("EnableHttpEndpoint"),
            CopyTagsToSnapshot = parameters.GetBoolean("CopyTagsToSnapshot"),
            MasterUserPassword = parameters.GetString("MasterUserPassword"),
            ManageMasterUserPassword = parameters.GetBoolean("ManageMasterUserPassword"),
            RotateMasterUserPassword = parameters.GetBoolean("RotateMasterUserPassword"),
            MasterUserSecretKmsKeyId = parameters.GetString("MasterUserSecretKmsKeyId"),
            PreferredBackupWindow = parameters.GetString("PreferredBackupWindow"),
            PreferredMaintenanceWindow = parameters.GetString("PreferredMaintenanceWindow"),
            ApplyImmediately = parameters.GetBoolean("ApplyImmediately"),
            StorageEncrypted = parameters.GetString("StorageEncrypted"),
            KmsKeyId = parameters.GetString("KmsKeyId"),
        };
        var cluster = await Clusters.ModifyAsync(caller, request, cancellationToken);
        return xml => xml.Structure("DBCluster", w => RdsXml.WriteCluster(w, cluster, instances.Store, Clusters.RestorableWindowOf(cluster)));
    }
}
