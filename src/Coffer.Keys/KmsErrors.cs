using Coffer.Primitives;

namespace Coffer.Keys;

/// <summary>
/// The key service's errors, with AWS's codes and messages (see docs/api-compatibility/kms.md). Real KMS answers
/// client errors with 400 whatever the model's <c>httpError</c> says; internal faults are 500.
/// </summary>
public static class KmsErrors
{
    /// <summary>The codes, spelled as AWS spells them.</summary>
    public static class Codes
    {
#pragma warning disable CS1591 // The names are the codes.
        public const string NotFound = "NotFoundException";
        public const string InvalidArn = "InvalidArnException";
        public const string Disabled = "DisabledException";
        public const string InvalidState = "KMSInvalidStateException";
        public const string Internal = "KMSInternalException";
        public const string InvalidCiphertext = "InvalidCiphertextException";
        public const string IncorrectKey = "IncorrectKeyException";
        public const string AccessDenied = "AccessDeniedException";
        public const string Validation = "ValidationException";
        public const string AlreadyExists = "AlreadyExistsException";
        public const string InvalidAliasName = "InvalidAliasNameException";
        public const string LimitExceeded = "LimitExceededException";
        public const string UnsupportedOperation = "UnsupportedOperationException";
        public const string MalformedPolicyDocument = "MalformedPolicyDocumentException";
        public const string InvalidMarker = "InvalidMarkerException";
        public const string InvalidGrantToken = "InvalidGrantTokenException";
        public const string InvalidGrantId = "InvalidGrantIdException";
        public const string Tag = "TagException";
        public const string Conflict = "ConflictException";
        public const string DryRun = "DryRunOperationException";
        public const string InvalidKeyUsage = "InvalidKeyUsageException";
#pragma warning restore CS1591
    }

    /// <summary><c>Key '&lt;ARN&gt;' does not exist</c>.</summary>
    public static AwsServiceException KeyNotFound(string keyArn) => new(Codes.NotFound, $"Key '{keyArn}' does not exist");

    /// <summary><c>Alias &lt;alias ARN&gt; is not found.</c></summary>
    public static AwsServiceException AliasNotFound(string aliasArn) => new(Codes.NotFound, $"Alias {aliasArn} is not found.");

    /// <summary>A key identifier that is not one of the forms the operation accepts.</summary>
    public static AwsServiceException InvalidKeyId(string keyId) => new(Codes.NotFound, $"Invalid keyId {keyId}");

    /// <summary>An ARN that is not a KMS key or alias ARN, or not allowed here.</summary>
    public static AwsServiceException InvalidArn(string arn) => new(Codes.InvalidArn, $"Invalid arn {arn}");

    /// <summary><c>&lt;ARN&gt; is disabled.</c></summary>
    public static AwsServiceException Disabled(string keyArn) => new(Codes.Disabled, $"{keyArn} is disabled.");

    /// <summary><c>&lt;ARN&gt; is pending deletion.</c> (and the other unusable states).</summary>
    public static AwsServiceException InvalidState(string keyArn, KeyState state) => new(Codes.InvalidState, state switch
    {
        KeyState.PendingDeletion or KeyState.PendingReplicaDeletion => $"{keyArn} is pending deletion.",
        KeyState.PendingImport => $"{keyArn} is pending import.",
        KeyState.Unavailable => $"{keyArn} is unavailable.",
        KeyState.Creating => $"{keyArn} is creating.",
        KeyState.Updating => $"{keyArn} is updating.",
        _ => $"{keyArn} is not pending deletion.",
    });

    /// <summary>A state error with its own message.</summary>
    public static AwsServiceException InvalidState(string message) => new(Codes.InvalidState, message);

    /// <summary>Any failure to read or authenticate a ciphertext: no detail, by design.</summary>
    public static AwsServiceException InvalidCiphertext() => new(Codes.InvalidCiphertext, string.Empty);

    /// <summary>The KeyId given with a ciphertext is not the key that made it.</summary>
    public static AwsServiceException IncorrectKey() =>
        new(Codes.IncorrectKey, "The key ID in the request does not identify a CMK that can perform this operation.");

    /// <summary>AWS's access-denied message for a key policy that allows nothing.</summary>
    public static AwsServiceException AccessDenied(string principalArn, string action, string keyArn) =>
        new(Codes.AccessDenied, $"User: {principalArn} is not authorized to perform: {action} on resource: {keyArn} because no resource-based policy allows the {action} action");

    /// <summary>An explicit deny in the key policy.</summary>
    public static AwsServiceException ExplicitlyDenied(string principalArn, string action, string keyArn) =>
        new(Codes.AccessDenied, $"User: {principalArn} is not authorized to perform: {action} on resource: {keyArn} with an explicit deny in a resource-based policy");

    /// <summary>An access-denied error with its own message.</summary>
    public static AwsServiceException AccessDenied(string message) => new(Codes.AccessDenied, message);

    /// <summary>
    /// AWS's validation message: <c>1 validation error detected: Value '…' at 'field' failed to satisfy constraint: …</c>.
    /// The value is left out when it could be secret or large.
    /// </summary>
    public static AwsServiceException Validation(string field, string constraint, string? value = null) =>
        new(Codes.Validation, value is null
            ? $"1 validation error detected: Value at '{field}' failed to satisfy constraint: {constraint}"
            : $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}");

    /// <summary>A validation error with its own message.</summary>
    public static AwsServiceException Validation(string message) => new(Codes.Validation, message);

    /// <summary>An alias that exists already.</summary>
    public static AwsServiceException AliasExists(string aliasArn) => new(Codes.AlreadyExists, $"An alias with the name {aliasArn} already exists");

    /// <summary>An alias name that is malformed or reserved.</summary>
    public static AwsServiceException InvalidAliasName(string message) => new(Codes.InvalidAliasName, message);

    /// <summary>A quota reached.</summary>
    public static AwsServiceException LimitExceeded(string message) => new(Codes.LimitExceeded, message);

    /// <summary>An operation this key (or Coffer) does not support.</summary>
    public static AwsServiceException Unsupported(string message) => new(Codes.UnsupportedOperation, message);

    /// <summary>A key policy that cannot be used.</summary>
    public static AwsServiceException MalformedPolicy(string message) => new(Codes.MalformedPolicyDocument, message);

    /// <summary>A pagination marker that was not issued for this listing.</summary>
    public static AwsServiceException InvalidMarker() => new(Codes.InvalidMarker, "The marker that specifies where pagination should next begin is not valid.");

    /// <summary>A grant token that does not identify a grant.</summary>
    public static AwsServiceException InvalidGrantToken() => new(Codes.InvalidGrantToken, "The grant token provided is invalid.");

    /// <summary>A grant id that does not identify a grant of the key.</summary>
    public static AwsServiceException InvalidGrantId(string grantId) => new(Codes.InvalidGrantId, $"Grant id {grantId} is not valid.");

    /// <summary>A tag that cannot be set.</summary>
    public static AwsServiceException Tag(string message) => new(Codes.Tag, message);

    /// <summary>The operation would have succeeded (DryRun).</summary>
    public static AwsServiceException DryRun() => new(Codes.DryRun, "The request would have succeeded, but the DryRun option is set.", 412);

    /// <summary>An internal fault: the key's material cannot be read. The detail goes to the operator's log, not here.</summary>
    public static AwsServiceException Internal() => new(Codes.Internal, "The request was rejected because an internal exception occurred. The request can be retried.", 500);

    // Data keys and grants

    /// <summary>
    /// AWS's message when a request gives neither NumberOfBytes nor KeySpec (observed from GenerateRandom with an empty
    /// body, nsmithuk/local-kms#6); Coffer gives it too when both are given.
    /// </summary>
    public const string NumberOfBytesOrKeySpecMessage = "Please specify either number of bytes or key spec.";

    /// <summary>The code of <see cref="CustomKeyStoreNotFound"/>.</summary>
    public const string CustomKeyStoreNotFoundCode = "CustomKeyStoreNotFoundException";

    /// <summary>A custom key store id: Coffer has none, so every id names a store that does not exist.</summary>
    public static AwsServiceException CustomKeyStoreNotFound(string customKeyStoreId) =>
        new(CustomKeyStoreNotFoundCode, $"Custom key store {customKeyStoreId} does not exist; Coffer has no custom key stores.");

    /// <summary>A well-formed grant id that names no grant of the key.</summary>
    public static AwsServiceException GrantNotFound(string grantId, string keyArn) => new(Codes.NotFound, $"Grant {grantId} does not exist on key '{keyArn}'");

    // Key management

    /// <summary>The code real KMS (and moto) answer CreateAlias with for a name under <c>alias/aws/</c>; it is not in the KMS model.</summary>
    public const string NotAuthorizedCode = "NotAuthorizedException";

    /// <summary>CancelKeyDeletion of a key that is not pending deletion (footnote 4 of the state table).</summary>
    public static AwsServiceException NotPendingDeletion(string keyArn) => new(Codes.InvalidState, $"{keyArn} is not pending deletion.");

    /// <summary>An alias name under <c>alias/aws/</c>, reserved for AWS managed keys.</summary>
    public static AwsServiceException ReservedAlias(string aliasName) => new(NotAuthorizedCode, $"The alias {aliasName} is reserved for AWS managed keys and cannot be created, changed or deleted.");

    /// <summary>A policy name other than <c>default</c>.</summary>
    public static AwsServiceException PolicyNotFound(string policyName) => new(Codes.NotFound, $"No such policy exists: {policyName}");

    /// <summary>A management call on an AWS managed key that AWS's policy for it does not allow.</summary>
    public static AwsServiceException ManagedKeyUnsupported(string keyArn, string operation) =>
        new(Codes.UnsupportedOperation, $"{keyArn} is an AWS managed key; {operation} is not supported on it.");

    /// <summary>RotateKeyOnDemand while an automatic rotation is due within 20 minutes.</summary>
    public static AwsServiceException RotationConflict(string keyArn) =>
        new(Codes.Conflict, $"{keyArn} has an automatic rotation due within 20 minutes; try again after it.");
}
