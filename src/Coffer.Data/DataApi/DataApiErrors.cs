using Coffer.Primitives;

namespace Coffer.Data.DataApi;

/// <summary>
/// The RDS Data API's errors, with AWS's codes and HTTP statuses (see docs/api-compatibility/rds-data.md). Messages
/// name the statement's problem, never a parameter value or a secret.
/// </summary>
public static class DataApiErrors
{
    /// <summary>The codes, spelled as AWS spells them.</summary>
    public static class Codes
    {
#pragma warning disable CS1591 // The names are the codes.
        public const string BadRequest = "BadRequestException";
        public const string DatabaseError = "DatabaseErrorException";
        public const string StatementTimeout = "StatementTimeoutException";
        public const string HttpEndpointNotEnabled = "HttpEndpointNotEnabledException";
        public const string InvalidResourceState = "InvalidResourceStateException";
        public const string Forbidden = "ForbiddenException";
        public const string NotFound = "NotFoundException";
        public const string TransactionNotFound = "TransactionNotFoundException";
        public const string DatabaseNotFound = "DatabaseNotFoundException";
        public const string DatabaseUnavailable = "DatabaseUnavailableException";
        public const string UnsupportedResult = "UnsupportedResultException";
#pragma warning restore CS1591
    }

    /// <summary>A request AWS's model would refuse, or one the Data API does not support.</summary>
    public static AwsServiceException BadRequest(string message) => new(Codes.BadRequest, message);

    /// <summary>The engine refused the statement; the message is SQLite's own.</summary>
    public static AwsServiceException DatabaseError(string message) => new(Codes.DatabaseError, message);

    /// <summary>The statement ran past the statement timeout and was cut off.</summary>
    public static AwsServiceException StatementTimeout(TimeSpan timeout) =>
        new(Codes.StatementTimeout, $"The statement ran longer than {timeout.TotalSeconds:0.###} seconds and was cancelled.");

    /// <summary>No cluster of the caller's account and region has this ARN (another account's clusters are never found).</summary>
    public static AwsServiceException ClusterNotFound(string resourceArn) =>
        new(Codes.NotFound, $"DB cluster {resourceArn} is not found.", 404);

    /// <summary>The cluster has not enabled the Data API.</summary>
    public static AwsServiceException HttpEndpointNotEnabled(string clusterIdentifier) =>
        new(Codes.HttpEndpointNotEnabled, $"HttpEndpoint is not enabled for cluster {clusterIdentifier}. Please refer to https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.html#data-api.troubleshooting");

    /// <summary>The cluster is stopped, or cannot use its KMS key: no statement runs, and no data comes back.</summary>
    public static AwsServiceException InvalidResourceState(string message) => new(Codes.InvalidResourceState, message);

    /// <summary>The cluster is on its way to available (starting, rebooting): the call can be retried.</summary>
    public static AwsServiceException DatabaseUnavailable(string message) => new(Codes.DatabaseUnavailable, message, 504);

    /// <summary>The cluster has no DB instance to run the statement on.</summary>
    public static AwsServiceException DatabaseNotFound(string clusterIdentifier) =>
        new(Codes.DatabaseNotFound, $"DB cluster {clusterIdentifier} doesn't have an available writer DB instance.", 404);

    /// <summary>The transaction id names no live transaction of this cluster and account.</summary>
    public static AwsServiceException TransactionNotFound(string transactionId, string why) =>
        new(Codes.TransactionNotFound, $"Transaction {(transactionId.Length > 200 ? transactionId[..200] + "…" : transactionId)} is not found: {why}", 404);

    /// <summary>The result set would make a response larger than the Data API's limit.</summary>
    public static AwsServiceException ResponseTooLarge(int limitBytes) =>
        BadRequest($"Database returned more than the allowed response size limit ({limitBytes / (1024 * 1024)} MiB). Use LIMIT to fetch fewer rows per call.");

    /// <summary>The secret could not be read, or is not a database credential.</summary>
    public static AwsServiceException Secret(string message) => BadRequest(message);

    /// <summary>The secret's username and password are not the cluster's master credentials.</summary>
    public static AwsServiceException AccessDenied(string username) =>
        BadRequest($"Access denied for user '{(username.Length > 64 ? username[..64] + "…" : username)}': the secret's credentials do not match the DB cluster's master user.");
}
