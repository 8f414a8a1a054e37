using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// RestoreDBClusterToPointInTime: a new cluster holding exactly what the source (a cluster, or a retained backup by
/// SourceDbClusterResourceId) had committed at RestoreToTime or its LatestRestorableTime; KmsKeyId encrypts it under that key.
/// </summary>
internal sealed class RestoreDBClusterToPointInTimeOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "RestoreDBClusterToPointInTime";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var request = new PointInTimeRestoreClusterRequest
        {
            Identifier = parameters.GetRequiredString("DBClusterIdentifier"),
            SourceClusterIdentifier = parameters.GetString("SourceDBClusterIdentifier"),
            SourceResourceId = parameters.GetString("SourceDbClusterResourceId"),
            RestoreToTime = parameters.GetTimestamp("RestoreToTime"),
            UseLatestRestorableTime = parameters.GetBoolean("UseLatestRestorableTime") ?? false,
            RestoreType = parameters.GetString("RestoreType"),
            KmsKeyId = parameters.GetString("KmsKeyId"),
            BackupRetentionPeriod = parameters.GetInt32("BackupRetentionPeriod"),
            DeletionProtection = parameters.GetBoolean("DeletionProtection") ?? false,
            CopyTagsToSnapshot = parameters.GetBoolean("CopyTagsToSnapshot") ?? false,
            Tags = RdsTags.Read(parameters),
        };
        var cluster = await Clusters.RestoreToPointInTimeAsync(caller, request, cancellationToken);
        return xml => xml.Structure("DBCluster", w => RdsXml.WriteCluster(w, cluster, instances.Store, Clusters.RestorableWindowOf(cluster)));
    }
}
