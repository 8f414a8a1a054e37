using Coffer.Primitives;

namespace Coffer.Data.Secrets;

/// <summary>
/// One secret: its identity, metadata and versions. The versions hold only ciphertext and wrapped data keys; the
/// record is what the metadata store keeps (one JSON document per secret, keyed by ARN).
/// </summary>
public sealed record Secret
{
    /// <summary>The ARN, <c>arn:aws:secretsmanager:&lt;region&gt;:&lt;account&gt;:secret:&lt;name&gt;-&lt;6 chars&gt;</c>.</summary>
    public required string Arn { get; init; }

    /// <summary>The owning account.</summary>
    public required AccountId Account { get; init; }

    /// <summary>The region.</summary>
    public required string Region { get; init; }

    /// <summary>The name, unique in the account and region.</summary>
    public required string Name { get; init; }

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The KMS key as the caller named it (any of the four forms); <see langword="null"/> for the account's <c>aws/secretsmanager</c> key.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>The AWS service that manages the secret (<c>rds</c> for a cluster's master user secret), if any.</summary>
    public string? OwningService { get; init; }

    /// <summary>When the secret was created.</summary>
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>When the secret or its value last changed.</summary>
    public required DateTimeOffset LastChangedDate { get; init; }

    /// <summary>The day (midnight UTC) the value was last read, if ever.</summary>
    public DateTimeOffset? LastAccessedDate { get; init; }

    /// <summary>When DeleteSecret was called, while the secret waits in its recovery window.</summary>
    public DateTimeOffset? DeletedDate { get; init; }

    /// <summary>When the secret will be deleted for good (DeletedDate plus the recovery window).</summary>
    public DateTimeOffset? DeletionDate { get; init; }

    /// <summary>The tags, in the order given.</summary>
    public IReadOnlyList<SecretTag> Tags { get; init; } = [];

    /// <summary>The versions, oldest first.</summary>
    public IReadOnlyList<SecretVersion> Versions { get; init; } = [];

    /// <summary>Whether the secret is waiting in its recovery window.</summary>
    public bool IsScheduledForDeletion => DeletedDate is not null;

    /// <summary>The version with <paramref name="stage"/>, if any.</summary>
    public SecretVersion? WithStage(string stage) => Versions.FirstOrDefault(v => v.Stages.Contains(stage, StringComparer.Ordinal));

    /// <summary>The version with <paramref name="versionId"/>, if any.</summary>
    public SecretVersion? WithId(string versionId) => Versions.FirstOrDefault(v => string.Equals(v.VersionId, versionId, StringComparison.Ordinal));
}
