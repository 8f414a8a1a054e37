using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// ModifyDBCluster: rename, backup retention, deletion protection, HTTP endpoint, tag copying, master password (or its management in
/// Secrets Manager: ManageMasterUserPassword, RotateMasterUserPassword, MasterUserSecretKmsKeyId) and the
/// backup and maintenance windows, applied at once. StorageEncrypted and KmsKeyId (not in the model, but a hand-made
/// request can send them) are read only to be refused: a cluster's encryption and key never change. Every other
/// ModifyDBCluster parameter of the model asks for a change Coffer cannot make, and is refused by name
/// (InvalidParameterCombination) rather than ignored, except three that change nothing by themselves.
/// </summary>
internal sealed class ModifyDBClusterOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <summary>
    /// The model's ModifyDBCluster members (botocore 1.43) that Coffer does not apply; lists and structures arrive as
    /// <c>Name.…</c>. ApplyImmediately, AllowMajorVersionUpgrade and AllowEngineModeChange are not here: alone they
    /// change nothing. EngineVersion is read: the cluster's own version is accepted.
    /// </summary>
    private static readonly string[] Unsupported =
    [
        "DBClusterParameterGroupName", "VpcSecurityGroupIds", "Port", "OptionGroupName", "EnableIAMDatabaseAuthentication", "BacktrackWindow",
        "CloudwatchLogsExportConfiguration", "DBInstanceParameterGroupName", "Domain", "DomainIAMRoleName", "ScalingConfiguration",
        "EnableGlobalWriteForwarding", "DBClusterInstanceClass", "AllocatedStorage", "StorageType", "Iops", "AutoMinorVersionUpgrade", "NetworkType",
        "ServerlessV2ScalingConfiguration", "MonitoringInterval", "MonitoringRoleArn", "DatabaseInsightsMode", "EnablePerformanceInsights",
        "PerformanceInsightsKMSKeyId", "PerformanceInsightsRetentionPeriod",
        "EnableLocalWriteForwarding", "EngineMode", "AwsBackupRecoveryPointArn", "EnableLimitlessDatabase",
        "CACertificateIdentifier", "MasterUserAuthenticationType",
    ];

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
            EngineVersion = parameters.GetString("EngineVersion"),
            UnsupportedParameters = [.. Unsupported.Where(name => parameters.Names.Any(sent => sent == name || sent.StartsWith(name + ".", StringComparison.Ordinal)))],
        };
        var cluster = await Clusters.ModifyAsync(caller, request, cancellationToken);
        return xml => xml.Structure("DBCluster", w => RdsXml.WriteCluster(w, cluster, instances.Store, Clusters.RestorableWindowOf(cluster)));
    }
}
