using Coffer.Keys;

namespace Coffer.Clusters;

/// <summary>ModifyDBCluster: the settings a cluster may change after creation. Its encryption and key are not among them.</summary>
public sealed partial class ClusterService
{
    /// <summary>Why a request that tries to change a cluster's encryption is refused, and what to do instead.</summary>
    internal const string EncryptionIsFixedMessage =
        "A DB cluster's storage encryption and KMS key cannot be changed after it is created: ModifyDBCluster takes neither StorageEncrypted nor KmsKeyId. " +
        "To move the data under another key (or to encrypt it), take a snapshot (CreateDBClusterSnapshot), copy it with the new key (CopyDBClusterSnapshot with KmsKeyId) " +
        "and restore a new DB cluster from the copy (RestoreDBClusterFromSnapshot).";

    /// <summary>
    /// ModifyDBCluster, under the cluster's lock: only an <c>available</c> cluster (InvalidDBClusterStateFault with
    /// RDS's message otherwise). Every change applies when the call is made, whatever ApplyImmediately says, so the
    /// result is the cluster as it now is (still <c>available</c>). A rename changes the ARN; tags, instances and the
    /// key grant follow the resource id and are untouched. Any change records a <c>configuration change</c> event;
    /// a call that changes nothing records none.
    /// </summary>
    public async Task<DbCluster> ModifyAsync(KmsCaller caller, ModifyClusterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Identifier))
        {
            throw RdsErrors.MissingParameter("DBClusterIdentifier");
        }

        if (request.StorageEncrypted is not null || request.KmsKeyId is not null)
        {
            throw RdsErrors.InvalidParameterCombination(EncryptionIsFixedMessage);
        }

        if (request.UnsupportedParameters.Count > 0)
        {
            throw RdsErrors.InvalidParameterCombination(
                $"Coffer cannot modify {string.Join(", ", request.UnsupportedParameters)} of a DB cluster, so nothing was modified. " +
                "ModifyDBCluster applies NewDBClusterIdentifier, BackupRetentionPeriod, DeletionProtection, EnableHttpEndpoint, CopyTagsToSnapshot, MasterUserPassword, " +
                "PreferredBackupWindow and PreferredMaintenanceWindow; ApplyImmediately, AllowMajorVersionUpgrade and AllowEngineModeChange are accepted and change nothing.");
        }

        var newIdentifier = request.NewIdentifier is null ? null : ClusterIdentifiers.Normalize(request.NewIdentifier, "NewDBClusterIdentifier");
        if (request.BackupRetentionPeriod is < 1 or > 35)
        {
            throw RdsErrors.InvalidParameterValue($"Invalid backup retention period: {request.BackupRetentionPeriod}. It must be from 1 to 35 days.");
        }

        var password = request.MasterUserPassword is null ? null : MasterPasswords.Validate(request.MasterUserPassword);
        var backupWindow = request.PreferredBackupWindow is null ? null : ClusterWindows.ValidateBackupWindow(request.PreferredBackupWindow);
        var maintenanceWindow = request.PreferredMaintenanceWindow is null ? null : ClusterWindows.ValidateMaintenanceWindow(request.PreferredMaintenanceWindow);

        using var hold = await LockAsync(request.Identifier, caller, cancellationToken);
        var cluster = hold.Cluster;
        if (cluster.Status != ClusterStatus.Available)
        {
            throw RdsErrors.InvalidClusterState($"DB cluster is not available for modification with status {cluster.Status}");
        }

        if (request.EngineVersion is not null && request.EngineVersion != cluster.EngineVersion)
        {
            throw RdsErrors.InvalidParameterCombination($"Coffer cannot change the engine version of DB cluster {cluster.Identifier}: it runs {cluster.Engine} {cluster.EngineVersion} only, so nothing was modified.");
        }

        CheckPasswordRequest(request, password, cluster);
        if ((backupWindow ?? cluster.PreferredBackupWindow) is { } backup && (maintenanceWindow ?? cluster.PreferredMaintenanceWindow) is { } maintenance &&
            (backupWindow is not null || maintenanceWindow is not null) && ClusterWindows.Overlap(backup, maintenance))
        {
            throw RdsErrors.InvalidParameterValue("The backup window and maintenance window must not overlap.");
        }

        if (newIdentifier is not null && newIdentifier != cluster.Identifier && _store.Find(cluster.Account, cluster.Region, newIdentifier) is not null)
        {
            throw RdsErrors.ClusterAlreadyExists(newIdentifier);
        }

        var changes = new List<string>();
        var modified = cluster;
        if (newIdentifier is not null && newIdentifier != cluster.Identifier)
        {
            modified = modified with { Identifier = newIdentifier };
            changes.Add($"renamed from {cluster.Identifier} to {newIdentifier}");
        }

        if (request.BackupRetentionPeriod is { } retention && retention != cluster.BackupRetentionPeriod)
        {
            modified = modified with { BackupRetentionPeriod = retention };
            changes.Add($"backup retention period {retention} days");
        }

        if (request.DeletionProtection is { } protection && protection != cluster.DeletionProtection)
        {
            modified = modified with { DeletionProtection = protection };
            changes.Add(protection ? "deletion protection enabled" : "deletion protection disabled");
        }

        if (request.EnableHttpEndpoint is { } http && http != cluster.HttpEndpointEnabled)
        {
            modified = modified with { HttpEndpointEnabled = http };
            changes.Add(http ? "HTTP endpoint enabled" : "HTTP endpoint disabled");
        }

        if (request.CopyTagsToSnapshot is { } copyTags && copyTags != cluster.CopyTagsToSnapshot)
        {
            modified = modified with { CopyTagsToSnapshot = copyTags };
            changes.Add(copyTags ? "tags copied to snapshots" : "tags not copied to snapshots");
        }

        if (backupWindow is not null && backupWindow != cluster.PreferredBackupWindow)
        {
            modified = modified with { PreferredBackupWindow = backupWindow };
            changes.Add($"preferred backup window {backupWindow}");
        }

        if (maintenanceWindow is not null && maintenanceWindow != cluster.PreferredMaintenanceWindow)
        {
            modified = modified with { PreferredMaintenanceWindow = maintenanceWindow };
            changes.Add($"preferred maintenance window {maintenanceWindow}");
        }

        modified = await ApplyPasswordAsync(caller, request, password, modified, changes, cancellationToken);

        if (changes.Count == 0)
        {
            return cluster;
        }

        if (!await _store.TryUpdateAsync(modified, cancellationToken))
        {
            throw RdsErrors.ClusterAlreadyExists(modified.Identifier);
        }

        await EventAsync(modified, "configuration change", $"DB cluster modified: {string.Join("; ", changes)}.", cancellationToken);
        return modified;
    }
}
