using Coffer.Primitives;

namespace Coffer.Keys.Policies;

/// <summary>What a key policy is asked about: who calls which action on which key, and the request's condition context.</summary>
public sealed record PolicyRequest
{
    /// <summary>The caller's account (<c>kms:CallerAccount</c>, <c>aws:PrincipalAccount</c>).</summary>
    public required AccountId CallerAccount { get; init; }

    /// <summary>The caller's ARN, such as <c>arn:aws:iam::123456789012:user/admin</c> (<c>aws:PrincipalArn</c>).</summary>
    public required string PrincipalArn { get; init; }

    /// <summary>The action, such as <c>kms:Decrypt</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The ARN of the key the request is about.</summary>
    public required string KeyArn { get; init; }

    /// <summary>The account that owns the key.</summary>
    public required AccountId KeyAccount { get; init; }

    /// <summary>The service that called on the principal's behalf (<c>rds.us-east-1.amazonaws.com</c>), or null for a direct call.</summary>
    public string? ViaService { get; init; }

    /// <summary>The request's encryption context; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> EncryptionContext { get; init; } = new Dictionary<string, string>();

    /// <summary><c>kms:GrantIsForAWSResource</c>: set on CreateGrant calls, null elsewhere.</summary>
    public bool? GrantIsForAwsResource { get; init; }
}
