namespace Coffer.Keys.Identifiers;

/// <summary>
/// Why a key reference did not parse. The caller picks the AWS error; what AWS (and moto, which copies it) does:
/// <list type="bullet">
/// <item><see cref="Malformed"/> and <see cref="FormNotAllowed"/>: <c>NotFoundException</c> "Invalid keyId &lt;text&gt;"
/// (an alias given to an id/ARN-only operation is "not found", not a validation error), except where only a key ARN is
/// allowed (RetireGrant), where <c>InvalidArnException</c> fits.</item>
/// <item><see cref="InvalidArn"/>: <c>InvalidArnException</c>.</item>
/// </list>
/// </summary>
public enum KeyReferenceFailure
{
    /// <summary>The reference parsed.</summary>
    None = 0,

    /// <summary>Not a key id, an alias name or an ARN: empty, wrong shape, or an alias name with forbidden characters.</summary>
    Malformed,

    /// <summary>A well-formed reference in a form the operation does not accept (an alias where only a key id or ARN is allowed).</summary>
    FormNotAllowed,

    /// <summary>Starts with <c>arn:</c> but is not a KMS key or alias ARN in the <c>aws</c> partition.</summary>
    InvalidArn,
}
