namespace Coffer.Clusters;

/// <summary>What ModifyDBCluster asks for, already read from the wire; <see langword="null"/> leaves a setting as it is.</summary>
public sealed record ModifyClusterRequest
{
    /// <summary>DBClusterIdentifier: the cluster's identifier or ARN.</summary>
    public required string Identifier { get; init; }

    /// <summary>NewDBClusterIdentifier: renames the cluster (and so changes its ARN).</summary>
    public string? NewIdentifier { get; init; }

    /// <summary>BackupRetentionPeriod, 1–35 days.</summary>
    public int? BackupRetentionPeriod { get; init; }

    /// <summary>DeletionProtection.</summary>
    public bool? DeletionProtection { get; init; }

    /// <summary>EnableHttpEndpoint (the RDS Data API).</summary>
    public bool? EnableHttpEndpoint { get; init; }

    /// <summary>CopyTagsToSnapshot.</summary>
    public bool? CopyTagsToSnapshot { get; init; }

    /// <summary>MasterUserPassword: the new master password (sealed at once, never stored in clear).</summary>
    public string? MasterUserPassword { get; init; }

    /// <summary>
    /// ManageMasterUserPassword: <see langword="true"/> makes RDS manage the password (a new generated password in a new
    /// secret); <see langword="false"/> stops it (the secret is deleted, and MasterUserPassword is required).
    /// </summary>
    public bool? ManageMasterUserPassword { get; init; }

    /// <summary>RotateMasterUserPassword: a new generated password, written to the secret as its new current version.</summary>
    public bool? RotateMasterUserPassword { get; init; }

    /// <summary>MasterUserSecretKmsKeyId: the key of a secret created by ManageMasterUserPassword=true.</summary>
    public string? MasterUserSecretKmsKeyId { get; init; }

    /// <summary>PreferredBackupWindow, <c>hh24:mi-hh24:mi</c> in UTC.</summary>
    public string? PreferredBackupWindow { get; init; }

    /// <summary>PreferredMaintenanceWindow, <c>ddd:hh24:mi-ddd:hh24:mi</c> in UTC.</summary>
    public string? PreferredMaintenanceWindow { get; init; }

    /// <summary>
    /// ApplyImmediately: accepted and recorded for nothing. Coffer applies every change when the call is made, so
    /// there are never pending modified values to wait for the maintenance window.
    /// </summary>
    public bool? ApplyImmediately { get; init; }

    /// <summary>EngineVersion: Coffer runs one engine version, so only the cluster's own is accepted (a change is refused).</summary>
    public string? EngineVersion { get; init; }

    /// <summary>
    /// The ModifyDBCluster parameters the request sent that Coffer cannot apply (a port, parameter groups, security
    /// groups, scaling, monitoring…): the request is refused naming them, rather than answered as if they had applied.
    /// </summary>
    public IReadOnlyList<string> UnsupportedParameters { get; init; } = [];

    /// <summary>StorageEncrypted: not a ModifyDBCluster parameter; a hand-made request that sends it is refused.</summary>
    public string? StorageEncrypted { get; init; }

    /// <summary>KmsKeyId: not a ModifyDBCluster parameter; a hand-made request that sends it is refused.</summary>
    public string? KmsKeyId { get; init; }
}
