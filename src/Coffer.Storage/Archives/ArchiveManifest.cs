using System.Text.Json.Serialization;

namespace Coffer.Storage.Archives;

/// <summary>
/// The archive's last record, encrypted and authenticated like the others: how many data records there are, how many
/// plaintext bytes, and their SHA-256. An archive without it is truncated.
/// </summary>
public sealed record ArchiveManifest
{
    /// <summary>The archive's id (as in the header).</summary>
    [JsonPropertyName("archiveId")]
    public required string ArchiveId { get; init; }

    /// <summary>The number of data records.</summary>
    [JsonPropertyName("chunkCount")]
    public required long ChunkCount { get; init; }

    /// <summary>The total plaintext size in bytes.</summary>
    [JsonPropertyName("totalSize")]
    public required long TotalSize { get; init; }

    /// <summary>The SHA-256 of the whole plaintext, hex.</summary>
    [JsonPropertyName("contentSha256")]
    public required string ContentSha256 { get; init; }

    /// <summary>The volume the content came from.</summary>
    [JsonPropertyName("sourceVolumeId")]
    public string? SourceVolumeId { get; init; }

    /// <summary>When the archive was written.</summary>
    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }
}
