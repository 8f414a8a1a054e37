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

    /// <summary>
    /// For a volume image, the change log position it holds (its last transaction's LSN); for a change log segment,
    /// its last LSN. Absent when the volume kept no change log.
    /// </summary>
    [JsonPropertyName("logLsn")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LogLsn { get; init; }

    /// <summary>A change log segment's first LSN.</summary>
    [JsonPropertyName("logFirstLsn")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LogFirstLsn { get; init; }

    /// <summary>When the transaction at <see cref="LogLsn"/> committed.</summary>
    [JsonPropertyName("logCommitTime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LogCommitTime { get; init; }

    /// <summary>When the archive was written.</summary>
    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }
}
