using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>DB instance errors with the wire codes boto3 maps to its modelled exceptions (not the shape names).</summary>
public static class InstanceErrors
{
    /// <summary>DBInstanceNotFoundFault.</summary>
    public static AwsServiceException NotFound(string identifier) => new("DBInstanceNotFound", $"DBInstance {identifier} not found.", 404);

    /// <summary>DBInstanceAlreadyExistsFault.</summary>
    public static AwsServiceException AlreadyExists(string identifier) => new("DBInstanceAlreadyExists", $"DB instance already exists: {identifier}");

    /// <summary>InvalidDBInstanceStateFault.</summary>
    public static AwsServiceException InvalidState(string message) => new("InvalidDBInstanceState", message);
}
