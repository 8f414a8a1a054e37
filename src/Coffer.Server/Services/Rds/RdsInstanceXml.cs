using Coffer.Clusters;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds;

/// <summary>The DBInstance structure and RDS tag lists, with the model's element names.</summary>
internal static class RdsInstanceXml
{
    /// <summary>A DBInstance structure: the cluster's engine, encryption and key ARN.</summary>
    public static void WriteInstance(QueryXmlWriter xml, InstanceDescription description)
    {
        var instance = description.Instance;
        xml.Element("DBInstanceIdentifier", instance.Identifier);
        xml.Element("DBInstanceClass", instance.InstanceClass);
        xml.Element("Engine", description.Cluster.Engine);
        xml.Element("EngineVersion", description.Cluster.EngineVersion);
        xml.Element("DBInstanceStatus", description.Status);
        xml.Element("MasterUsername", description.Cluster.MasterUsername);
        xml.Element("InstanceCreateTime", instance.CreateTime);
        xml.Element("AvailabilityZone", instance.Region + "a");
        xml.Element("MultiAZ", false);
        xml.Element("PubliclyAccessible", false);
        xml.Element("StorageType", "aurora");
        xml.Element("DBClusterIdentifier", description.Cluster.Identifier);
        xml.Element("StorageEncrypted", description.StorageEncrypted);
        if (description.KmsKeyArn is not null)
        {
            xml.Element("KmsKeyId", description.KmsKeyArn);
        }

        xml.Element("DbiResourceId", instance.ResourceId);
        xml.Element("DBInstanceArn", instance.Arn);
        xml.Element("PromotionTier", instance.PromotionTier);
        xml.Element("DeletionProtection", false);
        WriteTagList(xml, description.Tags);
    }

    /// <summary>A TagList of Tag structures, by key.</summary>
    public static void WriteTagList(QueryXmlWriter xml, IReadOnlyDictionary<string, string> tags) =>
        xml.List("TagList", "Tag", tags.OrderBy(t => t.Key, StringComparer.Ordinal), (w, tag) =>
        {
            w.Element("Key", tag.Key);
            w.Element("Value", tag.Value);
        });
}
