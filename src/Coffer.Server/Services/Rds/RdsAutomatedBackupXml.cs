using Coffer.Clusters;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds;

/// <summary>The DBClusterAutomatedBackup structure, with the model's element names.</summary>
internal static class RdsAutomatedBackupXml
{
    /// <summary>A retained automated backup.</summary>
    public static void Write(QueryXmlWriter xml, DbClusterAutomatedBackup backup)
    {
        xml.Element("Engine", ClusterEngine.Name);
        xml.Element("DBClusterAutomatedBackupsArn", backup.Arn);
        xml.Element("DBClusterIdentifier", backup.ClusterIdentifier);
        xml.Structure("RestoreWindow", w =>
        {
            w.Element("EarliestTime", backup.EarliestTime);
            w.Element("LatestTime", backup.LatestTime);
        });
        xml.Element("MasterUsername", backup.MasterUsername);
        xml.Element("DbClusterResourceId", backup.ResourceId);
        xml.Element("Region", backup.Region);
        xml.Element("LicenseModel", "public-domain");
        xml.Element("Status", backup.Status);
        xml.Element("IAMDatabaseAuthenticationEnabled", false);
        xml.Element("ClusterCreateTime", backup.ClusterCreateTime);
        xml.Element("StorageEncrypted", backup.StorageEncrypted);
        xml.Element("StorageEncryptionType", backup.StorageEncrypted ? "sse-kms" : "none");
        xml.Element("EngineVersion", backup.EngineVersion);
        xml.Element("DBClusterArn", backup.ClusterArn);
        xml.Element("BackupRetentionPeriod", backup.BackupRetentionPeriod);
        xml.Element("EngineMode", "provisioned");
        xml.StringList("AvailabilityZones", "AvailabilityZone", [backup.Region + "a"]);
        if (backup.KmsKeyArn is not null)
        {
            xml.Element("KmsKeyId", backup.KmsKeyArn);
        }
    }
}
