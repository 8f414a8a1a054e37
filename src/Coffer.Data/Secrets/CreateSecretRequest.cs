namespace Coffer.Data.Secrets;

/// <summary>CreateSecret's input, read and shape-checked by the endpoint.</summary>
public sealed record CreateSecretRequest
{
    /// <summary>The name (validated by the service).</summary>
    public required string Name { get; init; }

    /// <summary>The idempotency token that becomes the first version's id; a new UUID when absent.</summary>
    public string? ClientRequestToken { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>The KMS key in any of the four forms; absent or empty means <c>alias/aws/secretsmanager</c>.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>The first value, if any (owned by the caller).</summary>
    public SecretValue? Value { get; init; }

    /// <summary>The tags.</summary>
    public IReadOnlyList<SecretTag> Tags { get; init; } = [];

    /// <summary>The AWS service creating the secret for itself (<c>rds</c>), if any.</summary>
    public string? OwningService { get; init; }
}
