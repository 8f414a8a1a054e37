using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>
/// RDS errors with the wire codes boto3 maps to its modelled exceptions (the code is not always the shape name: see
/// docs/api-compatibility/rds.md) and AWS's HTTP statuses.
/// </summary>
public static class RdsErrors
{
    /// <summary>A cluster that does not exist in the caller's account and region.</summary>
    public static AwsServiceException ClusterNotFound(string identifier) => new("DBClusterNotFoundFault", $"DBCluster {identifier} not found.", 404);

    /// <summary>A cluster identifier already taken.</summary>
    public static AwsServiceException ClusterAlreadyExists(string identifier) => new("DBClusterAlreadyExistsFault", $"DB Cluster already exists: {identifier}");

    /// <summary>A cluster in the wrong state for the call.</summary>
    public static AwsServiceException InvalidClusterState(string message) => new("InvalidDBClusterStateFault", message);

    /// <summary>The key cannot be used: unknown, disabled, pending deletion, or not permitted to the caller.</summary>
    public static AwsServiceException KeyNotAccessible(string keyId) =>
        new("KMSKeyNotAccessibleFault", $"The specified KMS key [{keyId}] does not exist, is not enabled or you do not have permissions to access it.");

    /// <summary>Too many clusters in the account.</summary>
    public static AwsServiceException ClusterQuotaExceeded(int quota) => new("DBClusterQuotaExceededFault", $"The account has reached its limit of {quota} DB clusters.", 403);

    /// <summary>A parameter value AWS refuses.</summary>
    public static AwsServiceException InvalidParameterValue(string message) => new("InvalidParameterValue", message);

    /// <summary>Parameters that cannot be combined.</summary>
    public static AwsServiceException InvalidParameterCombination(string message) => new("InvalidParameterCombination", message);

    /// <summary>A required parameter that is missing.</summary>
    public static AwsServiceException MissingParameter(string name) => new("MissingParameter", $"The request must contain the parameter {name}.");

    /// <summary>A cluster snapshot that does not exist, or that the caller cannot see.</summary>
    public static AwsServiceException SnapshotNotFound(string identifier) => new("DBClusterSnapshotNotFoundFault", $"DBClusterSnapshot {identifier} not found.", 404);

    /// <summary>A cluster snapshot identifier already taken.</summary>
    public static AwsServiceException SnapshotAlreadyExists(string identifier) =>
        new("DBClusterSnapshotAlreadyExistsFault", $"Cannot create the snapshot because a snapshot with the identifier {identifier} already exists.");

    /// <summary>A cluster snapshot in the wrong state for the call.</summary>
    public static AwsServiceException InvalidSnapshotState(string message) => new("InvalidDBClusterSnapshotStateFault", message);

    /// <summary>Too many manual snapshots in the account (wire code <c>SnapshotQuotaExceeded</c>).</summary>
    public static AwsServiceException SnapshotQuotaExceeded(int quota) => new("SnapshotQuotaExceeded", $"Cannot create more than {quota} manual snapshots.");

    /// <summary>A snapshot shared with too many accounts (wire code <c>SharedSnapshotQuotaExceeded</c>).</summary>
    public static AwsServiceException SharedSnapshotQuotaExceeded(int quota) => new("SharedSnapshotQuotaExceeded", $"A snapshot can be shared with at most {quota} accounts.");

    /// <summary>A retained automated backup that does not exist in the caller's account and region.</summary>
    public static AwsServiceException AutomatedBackupNotFound(string resourceId) =>
        new("DBClusterAutomatedBackupNotFoundFault", $"No automated backup found for DbClusterResourceId {resourceId}.", 404);

    /// <summary>A retained automated backup in the wrong state for the call.</summary>
    public static AwsServiceException InvalidAutomatedBackupState(string message) => new("InvalidDBClusterAutomatedBackupStateFault", message);

    /// <summary>A restore that cannot be done.</summary>
    public static AwsServiceException InvalidRestore(string message) => new("InvalidRestoreFault", message);
}
