namespace Coffer.Keys.Grants;

/// <summary>The fields of a CreateGrant request that <see cref="CreateGrantValidator"/> checks, as they arrived.</summary>
public sealed record CreateGrantInput
{
    /// <summary>The Operations list, as wire names.</summary>
    public IReadOnlyList<string>? Operations { get; init; }

    /// <summary>The GranteePrincipal ARN.</summary>
    public string? GranteePrincipal { get; init; }

    /// <summary>The optional RetiringPrincipal ARN.</summary>
    public string? RetiringPrincipal { get; init; }

    /// <summary>The optional Name (the idempotency key).</summary>
    public string? Name { get; init; }

    /// <summary>The optional Constraints.</summary>
    public GrantConstraints? Constraints { get; init; }

    /// <summary>The optional GrantTokens.</summary>
    public IReadOnlyList<string>? GrantTokens { get; init; }
}
