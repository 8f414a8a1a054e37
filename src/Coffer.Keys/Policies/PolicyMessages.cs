namespace Coffer.Keys.Policies;

/// <summary>
/// The messages KMS returns with <c>MalformedPolicyDocumentException</c>. Where AWS's exact wording is known it is
/// used verbatim (noted on the member); the others follow the same style.
/// </summary>
public static class PolicyMessages
{
    /// <summary>AWS's wording (seen in many public Terraform and CloudFormation failures).</summary>
    public const string InvalidPrincipals = "Policy contains a statement with one or more invalid principals.";

    /// <summary>AWS's wording for the policy lockout safety check (CreateKey and PutKeyPolicy).</summary>
    public const string Lockout = "The new key policy will not allow you to update the key policy in the future.";

    /// <summary>
    /// AWS's wording (KMS developer guide, <c>conditions-kms.md</c>) for <c>ForAllValues</c> on the single-valued
    /// <c>kms:EncryptionContext:</c><i>context-key</i>.
    /// </summary>
    public const string OverlyPermissiveEncryptionContext =
        "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key "
        + "matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.";

    /// <summary>The document is not a JSON object.</summary>
    public const string InvalidJson = "The policy document is not valid JSON.";

    /// <summary>The document is larger than the key policy quota.</summary>
    public const string TooLarge = "The key policy exceeds the maximum size of 32768 bytes.";

    /// <summary>The Version element is not one of the two IAM policy language versions.</summary>
    public const string InvalidVersion = "Policy document has an invalid Version. Valid versions are 2012-10-17 and 2008-10-17.";

    /// <summary>No Statement element, or an empty one.</summary>
    public const string MissingStatement = "Policy document must contain at least one Statement.";

    /// <summary>A statement without Effect, or with a value other than Allow or Deny.</summary>
    public const string InvalidEffect = "Policy contains a statement with an invalid or missing Effect. Valid values are Allow and Deny.";

    /// <summary>A statement without Principal.</summary>
    public const string MissingPrincipal = "Policy contains a statement with no Principal.";

    /// <summary>A statement using NotPrincipal, which key policies do not support.</summary>
    public const string NotPrincipalUnsupported = "Policy contains a statement with NotPrincipal, which key policies do not support.";

    /// <summary>A statement with neither (or both) of Action and NotAction.</summary>
    public const string MissingAction = "Policy contains a statement with no Action or NotAction (exactly one is required).";

    /// <summary>An action outside the kms: namespace.</summary>
    public const string InvalidAction = "Policy contains a statement with one or more invalid actions. Key policy actions begin with \"kms:\".";

    /// <summary>A statement with neither (or both) of Resource and NotResource.</summary>
    public const string MissingResource = "Policy contains a statement with no Resource or NotResource (exactly one is required).";

    /// <summary>A condition block that is not an object of operators to objects of keys to values.</summary>
    public const string InvalidCondition = "Policy contains a statement with an invalid Condition.";

    /// <summary>A statement or document element this policy language does not have.</summary>
    public const string UnknownElement = "Policy contains an unknown element: ";

    /// <summary>An unknown condition operator.</summary>
    public const string UnknownOperator = "Policy contains a statement with an unknown condition operator: ";
}
