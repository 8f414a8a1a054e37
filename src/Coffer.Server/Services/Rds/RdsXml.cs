using Coffer.Clusters;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds;

/// <summary>RDS response structures, with the model's element names.</summary>
internal static class RdsXml
{
    /// <summary>
    /// A DBCluster structure: its members (the first is the writer), its tags as they are now, and its restorable window
    /// (EarliestRestorableTime, LatestRestorableTime) when given; omitted while it has no automated backup. This is the
    /// one way every operation that returns a DBCluster renders it.
    /// </summary>
    public static void WriteCluster(QueryXmlWriter xml, DbCluster cluster, InstanceStore instances, RestorableWindow? window = null)
    {
        xml.Element("DBClusterIdentifier", cluster.Identifier);
        xml.Element("DBClusterArn", cluster.Arn);
        xml.Element("DbClusterResourceId", cluster.ResourceId);
        xml.Element("Status", cluster.Status);
        xml.Element("Engine", cluster.Engine);
        xml.Element("EngineVersion", cluster.EngineVersion);
        xml.Element("EngineMode", "provisioned");
        xml.Element("MasterUsername", cluster.MasterUsername);
        if (cluster.MasterUserSecret is { } secret)
        {
            xml.Structure("MasterUserSecret", w =>
            {
                w.Element("SecretArn", secret.SecretArn);
                w.Element("SecretStatus", "active");
                w.Element("KmsKeyId", secret.KmsKeyArn);
            });
        }
        if (cluster.DatabaseName is not null)
        {
            xml.Element("DatabaseName", cluster.DatabaseName);
        }

        xml.Element("StorageEncrypted", cluster.StorageEncrypted);
        xml.Element("StorageEncryptionType", cluster.StorageEncrypted ? "sse-kms" : "none");
        if (cluster.KmsKeyArn is not null)
        {
            xml.Element("KmsKeyId", cluster.KmsKeyArn);
        }

        xml.Element("BackupRetentionPeriod", cluster.BackupRetentionPeriod);
        if (window is { } restorable)
        {
            xml.Element("EarliestRestorableTime", restorable.Earliest);
            xml.Element("LatestRestorableTime", restorable.Latest);
        }

        xml.Element("DeletionProtection", cluster.DeletionProtection);
        xml.Element("HttpEndpointEnabled", cluster.HttpEndpointEnabled);
        xml.Element("CopyTagsToSnapshot", cluster.CopyTagsToSnapshot);
        if (cluster.PreferredBackupWindow is not null)
        {
            xml.Element("PreferredBackupWindow", cluster.PreferredBackupWindow);
        }

        if (cluster.PreferredMaintenanceWindow is not null)
        {
            xml.Element("PreferredMaintenanceWindow", cluster.PreferredMaintenanceWindow);
        }

        xml.Element("MultiAZ", false);
        xml.Element("ClusterCreateTime", cluster.CreateTime);
        xml.StringList("AvailabilityZones", "AvailabilityZone", [cluster.Region + "a"]);
        var members = instances.MembersOf(cluster.ResourceId).ToList();
        xml.List("DBClusterMembers", "DBClusterMember", members.Select((m, i) => (m, i)), (w, member) =>
        {
            w.Element("DBInstanceIdentifier", member.m.Identifier);
            w.Element("IsClusterWriter", member.i == 0);
            w.Element("DBClusterParameterGroupStatus", "in-sync");
            w.Element("PromotionTier", (long)member.m.PromotionTier);
        });
        var tags = instances.FindTags(cluster.ResourceId) ?? cluster.Tags;
        xml.List("TagList", "Tag", tags.OrderBy(t => t.Key, StringComparer.Ordinal), (w, tag) =>
        {
            w.Element("Key", tag.Key);
            w.Element("Value", tag.Value);
        });
    }
}
