namespace Coffer.Data.Secrets;

/// <summary>UpdateSecret's input.</summary>
public sealed record UpdateSecretRequest
{
    /// <summary>The secret's name or ARN.</summary>
    public required string SecretId { get; init; }

    /// <summary>The new version's id, when a value is given.</summary>
    public string? ClientRequestToken { get; init; }

    /// <summary>A new description, when given.</summary>
    public string? Description { get; init; }

    /// <summary>A new KMS key, when given (empty means <c>alias/aws/secretsmanager</c>).</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>A new value, which becomes AWSCURRENT (owned by the caller).</summary>
    public SecretValue? Value { get; init; }
}
