using Coffer.Primitives;

namespace Coffer.Data.Secrets;

/// <summary>
/// Secrets Manager's errors, with AWS's codes (see docs/api-compatibility/secretsmanager.md). Client errors are 400,
/// as AWS sends them; messages never carry a secret value.
/// </summary>
public static class SecretsErrors
{
    /// <summary>The codes, spelled as AWS spells them.</summary>
    public static class Codes
    {
#pragma warning disable CS1591 // The names are the codes.
        public const string ResourceNotFound = "ResourceNotFoundException";
        public const string ResourceExists = "ResourceExistsException";
        public const string InvalidParameter = "InvalidParameterException";
        public const string InvalidRequest = "InvalidRequestException";
        public const string InvalidNextToken = "InvalidNextTokenException";
        public const string DecryptionFailure = "DecryptionFailure";
        public const string EncryptionFailure = "EncryptionFailure";
        public const string LimitExceeded = "LimitExceededException";
        public const string Internal = "InternalServiceError";
#pragma warning restore CS1591
    }

    /// <summary>No secret (of the caller's account and region) answers to the identifier.</summary>
    public static AwsServiceException SecretNotFound() =>
        new(Codes.ResourceNotFound, "Secrets Manager can't find the specified secret.");

    /// <summary>The secret exists, but has no version with the label.</summary>
    public static AwsServiceException StageNotFound(string stage) =>
        new(Codes.ResourceNotFound, $"Secrets Manager can't find the specified secret value for staging label: {stage}");

    /// <summary>The secret exists, but has no version with the id.</summary>
    public static AwsServiceException VersionNotFound(string versionId) =>
        new(Codes.ResourceNotFound, $"Secrets Manager can't find the specified secret value for VersionId: {versionId}");

    /// <summary>VersionId and VersionStage name different versions.</summary>
    public static AwsServiceException VersionStageMismatch(string versionId, string stage) =>
        new(Codes.ResourceNotFound, $"Secrets Manager can't find the specified secret value for VersionId: {versionId} and staging label: {stage}");

    /// <summary>CreateSecret with a name that is taken.</summary>
    public static AwsServiceException SecretExists(string name) =>
        new(Codes.ResourceExists, $"The operation failed because the secret {name} already exists.");

    /// <summary>CreateSecret with the name of a secret scheduled for deletion.</summary>
    public static AwsServiceException NameScheduledForDeletion() =>
        new(Codes.InvalidRequest, "You can't create this secret because a secret with this name is already scheduled for deletion.");

    /// <summary>A ClientRequestToken reused with a different value.</summary>
    public static AwsServiceException VersionExists() =>
        new(Codes.ResourceExists, "You can't modify an existing version, you can only create a new version.");

    /// <summary>An operation other than Describe, Delete (forced) and Restore on a secret scheduled for deletion.</summary>
    public static AwsServiceException MarkedForDeletion() =>
        new(Codes.InvalidRequest, "You can't perform this operation on the secret because it was marked for deletion.");

    /// <summary>A parameter with a value AWS refuses.</summary>
    public static AwsServiceException InvalidParameter(string message) => new(Codes.InvalidParameter, message);

    /// <summary>A request AWS refuses in the secret's current state.</summary>
    public static AwsServiceException InvalidRequest(string message) => new(Codes.InvalidRequest, message);

    /// <summary>A name outside AWS's alphabet.</summary>
    public static AwsServiceException InvalidName() =>
        new(Codes.InvalidParameter, "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@");

    /// <summary>A NextToken this service did not issue.</summary>
    public static AwsServiceException InvalidNextToken() =>
        new(Codes.InvalidNextToken, "The NextToken value is not valid.");

    /// <summary>KMS refused to make a data key for a new version; <paramref name="reason"/> is KMS's own error.</summary>
    public static AwsServiceException EncryptionFailure(AwsServiceException reason) =>
        new(Codes.EncryptionFailure, $"Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state. KMS said: {reason.Code}: {reason.Message}");

    /// <summary>KMS refused to open a version's data key; <paramref name="reason"/> is KMS's own error.</summary>
    public static AwsServiceException DecryptionFailure(AwsServiceException reason) =>
        new(Codes.DecryptionFailure, $"Secrets Manager can't decrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state. KMS said: {reason.Code}: {reason.Message}");

    /// <summary>A stored version that does not authenticate under its data key: tampering or corruption.</summary>
    public static AwsServiceException CorruptVersion() =>
        new(Codes.DecryptionFailure, "Secrets Manager can't decrypt the protected secret text: the stored version does not authenticate.");

    /// <summary>More versions than AWS's quota.</summary>
    public static AwsServiceException TooManyVersions(int max) =>
        new(Codes.LimitExceeded, $"A secret can have at most {max} versions; it has reached that limit.");
}
