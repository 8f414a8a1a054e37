using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>RestoreDBClusterFromSnapshot: a new cluster from a snapshot; KmsKeyId encrypts it under that key (there is no StorageEncrypted parameter).</summary>
internal sealed class RestoreDBClusterFromSnapshotOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "RestoreDBClusterFromSnapshot";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var request = new RestoreClusterRequest
        {
            Identifier = parameters.GetRequiredString("DBClusterIdentifier"),
            SnapshotIdentifier = parameters.GetRequiredString("SnapshotIdentifier"),
            Engine = parameters.GetRequiredString("Engine"),
            EngineVersion = parameters.GetString("EngineVersion"),
            KmsKeyId = parameters.GetString("KmsKeyId"),
            BackupRetentionPeriod = parameters.GetInt32("BackupRetentionPeriod"),
            DeletionProtection = parameters.GetBoolean("DeletionProtection") ?? false,
            CopyTagsToSnapshot = parameters.GetBoolean("CopyTagsToSnapshot") ?? false,
            EnableHttpEndpoint = parameters.GetBoolean("EnableHttpEndpoint") ?? false,
            Tags = RdsTags.Read(parameters),
        };
        var cluster = await Clusters.RestoreFromSnapshotAsync(caller, request, cancellationToken);
        return xml => xml.Structure("DBCluster", w => RdsXml.WriteCluster(w, cluster, instances.Store, Clusters.RestorableWindowOf(cluster)));
    }
}
