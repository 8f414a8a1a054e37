using Coffer.Clusters;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds;

/// <summary>RDS response structures, with the model's element names.</summary>
internal static class RdsXml
{
    /// <summary>A DBCluster structure.</summary>
    public static void WriteCluster(QueryXmlWriter xml, DbCluster cluster)
    {
        xml.Element("DBClusterIdentifier", cluster.Identifier);
        xml.Element("DBClusterArn", cluster.Arn);
        xml.Element("DbClusterResourceId", cluster.ResourceId);
        xml.Element("Status", cluster.Status);
        xml.Element("Engine", cluster.Engine);
        xml.Element("EngineVersion", cluster.EngineVersion);
        xml.Element("EngineMode", "provisioned");
        xml.Element("MasterUsername", cluster.MasterUsername);
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
        xml.Element("DeletionProtection", cluster.DeletionProtection);
        xml.Element("HttpEndpointEnabled", cluster.HttpEndpointEnabled);
        xml.Element("CopyTagsToSnapshot", cluster.CopyTagsToSnapshot);
        xml.Element("MultiAZ", false);
        xml.Element("ClusterCreateTime", cluster.CreateTime);
        xml.StringList("AvailabilityZones", "AvailabilityZone", [cluster.Region + "a"]);
        xml.List("DBClusterMembers", "DBClusterMember", Array.Empty<string>(), (_, _) => { });
        xml.List("TagList", "Tag", cluster.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), (w, tag) =>
        {
            w.Element("Key", tag.Key);
            w.Element("Value", tag.Value);
        });
    }
}
