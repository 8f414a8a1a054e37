using System.Text.Json.Serialization;

namespace Coffer.Storage.Archives;

/// <summary>
/// The plain header at the start of an archive: what it is, how it is cut, and where its data key came from (wrapped,
/// never in clear). It is not secret, but it is authenticated: its SHA-256 is part of every record's associated data.
/// </summary>
public sealed record ArchiveHeader
{
    /// <summary>The kind of an archive holding a volume's database image, page by page.</summary>
    public const string VolumeImage = "volume-image";

    /// <summary>The archive's id: 32 hex digits, random; it salts the chunk key.</summary>
    [JsonPropertyName("archiveId")]
    public required string ArchiveId { get; init; }

    /// <summary>What the plaintext is, e.g. <see cref="VolumeImage"/>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The cipher: <c>AES-256-GCM</c>.</summary>
    [JsonPropertyName("cipher")]
    public required string Cipher { get; init; }

    /// <summary>The plaintext bytes per data record (the last may be shorter).</summary>
    [JsonPropertyName("chunkSize")]
    public required int ChunkSize { get; init; }

    /// <summary>The volume the content came from.</summary>
    [JsonPropertyName("sourceVolumeId")]
    public string? SourceVolumeId { get; init; }

    /// <summary>The KMS key that wrapped the archive's data key.</summary>
    [JsonPropertyName("keyArn")]
    public string? KeyArn { get; init; }

    /// <summary>The encryption context of the wrap.</summary>
    [JsonPropertyName("encryptionContext")]
    public IReadOnlyDictionary<string, string> EncryptionContext { get; init; } = new Dictionary<string, string>();

    /// <summary>The wrapped archive data key, base64.</summary>
    [JsonPropertyName("wrappedKey")]
    public required string WrappedKey { get; init; }

    /// <summary>When the archive was written.</summary>
    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The wrapped data key's bytes.</summary>
    [JsonIgnore]
    public byte[] WrappedKeyBytes => Convert.FromBase64String(WrappedKey);
}
