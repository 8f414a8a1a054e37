using Coffer.Keys.Crypto;
using Coffer.Primitives;

namespace Coffer.Keys;

/// <summary>A KMS key's metadata as the store holds it. Immutable: a change replaces the record.</summary>
public sealed record KmsKey
{
    /// <summary>The key id (a UUID).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account.</summary>
    public required AccountId Account { get; init; }

    /// <summary>The key's region.</summary>
    public required string Region { get; init; }

    /// <summary>The key id as AWS writes it: lowercase, hyphenated.</summary>
    public string KeyId => Id.ToString("D");

    /// <summary>The key ARN.</summary>
    public string Arn => $"arn:aws:kms:{Region}:{Account}:key/{KeyId}";

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The description (may be empty).</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The state.</summary>
    public required KeyState State { get; init; }

    /// <summary>When a key pending deletion will be deleted.</summary>
    public DateTimeOffset? DeletionDate { get; init; }

    /// <summary>The waiting period of a key pending deletion.</summary>
    public int? PendingWindowInDays { get; init; }

    /// <summary>Customer or AWS managed.</summary>
    public required KeyManagerType KeyManager { get; init; }

    /// <summary>The key policy document, as given (or the default policy).</summary>
    public required string Policy { get; init; }

    /// <summary>Whether automatic rotation is on (kept while the key is pending deletion, reported as off then).</summary>
    public bool RotationEnabled { get; init; }

    /// <summary>The automatic rotation period in days.</summary>
    public int RotationPeriodInDays { get; init; } = 365;

    /// <summary>When automatic rotation is next due.</summary>
    public DateTimeOffset? NextRotationDate { get; init; }

    /// <summary>How many on-demand rotations the key has had.</summary>
    public int OnDemandRotations { get; init; }

    /// <summary>The material new ciphertexts are made with.</summary>
    public required KeyMaterialId CurrentMaterial { get; init; }

    /// <summary>For an AWS managed key, the alias it was created for (e.g. <c>alias/aws/rds</c>).</summary>
    public string? ManagedAlias { get; init; }

    /// <summary>Whether cryptographic operations may use it.</summary>
    public bool Enabled => State == KeyState.Enabled;
}
