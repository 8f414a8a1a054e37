using Coffer.Keys.Grants;
using Coffer.Primitives;

namespace Coffer.Keys.Store;

/// <summary>A grant on a key. <see cref="Secret"/> authenticates its grant tokens (see <see cref="GrantToken"/>).</summary>
public sealed record KmsGrant
{
    /// <summary>The grant id: 64 hex digits.</summary>
    public required string GrantId { get; init; }

    /// <summary>The key.</summary>
    public required Guid KeyId { get; init; }

    /// <summary>The optional name that makes CreateGrant idempotent.</summary>
    public string? Name { get; init; }

    /// <summary>Who the grant lets use the key.</summary>
    public required string GranteePrincipal { get; init; }

    /// <summary>Who may retire it.</summary>
    public string? RetiringPrincipal { get; init; }

    /// <summary>What it allows.</summary>
    public required IReadOnlyList<GrantOperation> Operations { get; init; }

    /// <summary>Its encryption context constraints.</summary>
    public GrantConstraints? Constraints { get; init; }

    /// <summary>The account that created it.</summary>
    public required AccountId IssuingAccount { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The secret its tokens are authenticated with.</summary>
    public required byte[] Secret { get; init; }
}
