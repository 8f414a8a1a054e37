using Coffer.Clusters;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds;

/// <summary>The DBClusterSnapshot structure, with the model's element names.</summary>
internal static class RdsSnapshotXml
{
    /// <summary>A DBClusterSnapshot; its tags as they are now when <paramref name="instances"/> holds newer ones.</summary>
    public static void Write(QueryXmlWriter xml, DbClusterSnapshot snapshot, InstanceStore? instances)
    {
        xml.StringList("AvailabilityZones", "AvailabilityZone", [snapshot.Region + "a"]);
        xml.Element("DBClusterSnapshotIdentifier", snapshot.Identifier);
        xml.Element("DBClusterIdentifier", snapshot.ClusterIdentifier);
        xml.Element("SnapshotCreateTime", snapshot.SnapshotCreateTime);
        xml.Element("Engine", ClusterEngine.Name);
        xml.Element("EngineMode", "provisioned");
        xml.Element("AllocatedStorage", (long)Math.Max(1, (snapshot.SizeBytes + (1L << 30) - 1) >> 30));
        xml.Element("Status", snapshot.Status);
        xml.Element("Port", 0L);
        xml.Element("ClusterCreateTime", snapshot.ClusterCreateTime);
        xml.Element("MasterUsername", snapshot.MasterUsername);
        xml.Element("EngineVersion", snapshot.EngineVersion);
        xml.Element("LicenseModel", "public-domain");
        xml.Element("SnapshotType", snapshot.SnapshotType);
        xml.Element("PercentProgress", (long)snapshot.PercentProgress);
        xml.Element("StorageEncrypted", snapshot.StorageEncrypted);
        xml.Element("StorageEncryptionType", snapshot.StorageEncrypted ? "sse-kms" : "none");
        if (snapshot.KmsKeyArn is not null)
        {
            xml.Element("KmsKeyId", snapshot.KmsKeyArn);
        }

        xml.Element("BackupRetentionPeriod", snapshot.BackupRetentionPeriod);
        xml.Element("DBClusterSnapshotArn", snapshot.Arn);
        if (snapshot.SourceSnapshotArn is not null)
        {
            xml.Element("SourceDBClusterSnapshotArn", snapshot.SourceSnapshotArn);
        }

        xml.Element("IAMDatabaseAuthenticationEnabled", false);
        var tags = instances?.FindTags(snapshot.SnapshotId) ?? snapshot.Tags;
        xml.List("TagList", "Tag", tags.OrderBy(t => t.Key, StringComparer.Ordinal), (w, tag) =>
        {
            w.Element("Key", tag.Key);
            w.Element("Value", tag.Value);
        });
        xml.Element("DbClusterResourceId", snapshot.ClusterResourceId);
    }

    /// <summary>The DBClusterSnapshotAttributesResult: the snapshot's identifier and its one attribute, <c>restore</c>.</summary>
    public static void WriteAttributes(QueryXmlWriter xml, DbClusterSnapshot snapshot) =>
        xml.Structure("DBClusterSnapshotAttributesResult", w =>
        {
            w.Element("DBClusterSnapshotIdentifier", snapshot.Identifier);
            w.List("DBClusterSnapshotAttributes", "DBClusterSnapshotAttribute", [snapshot.SharedWith], (a, values) =>
            {
                a.Element("AttributeName", ClusterService.RestoreAttribute);
                a.StringList("AttributeValues", "AttributeValue", values);
            });
        });
}
