namespace Coffer.Keys.Policies;

/// <summary>The condition keys the evaluator fills from a <see cref="PolicyRequest"/>. Key names compare case-insensitively.</summary>
public static class ConditionKeys
{
    /// <summary>The caller's account.</summary>
    public const string CallerAccount = "kms:CallerAccount";

    /// <summary>The service that made the call on the principal's behalf (<c>rds.us-east-1.amazonaws.com</c>).</summary>
    public const string ViaService = "kms:ViaService";

    /// <summary>Prefix of <c>kms:EncryptionContext:</c><i>context-key</i>; the context-key part is case-insensitive.</summary>
    public const string EncryptionContextPrefix = "kms:EncryptionContext:";

    /// <summary>The keys of the request's encryption context (multi-valued).</summary>
    public const string EncryptionContextKeys = "kms:EncryptionContextKeys";

    /// <summary>Whether a CreateGrant comes from an AWS service integrated with KMS.</summary>
    public const string GrantIsForAwsResource = "kms:GrantIsForAWSResource";

    /// <summary>The account of the principal that made the request.</summary>
    public const string PrincipalAccount = "aws:PrincipalAccount";

    /// <summary>The ARN of the principal that made the request.</summary>
    public const string PrincipalArn = "aws:PrincipalArn";
}
