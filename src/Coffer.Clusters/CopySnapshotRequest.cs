namespace Coffer.Clusters;

/// <summary>What CopyDBClusterSnapshot asks for (the domain form of the wire request).</summary>
public sealed record CopySnapshotRequest
{
    /// <summary>The snapshot to copy: an identifier of the caller's, or an ARN (required for a shared or another region's snapshot).</summary>
    public required string? SourceIdentifier { get; init; }

    /// <summary>The new snapshot's identifier, in the caller's account and region.</summary>
    public required string? TargetIdentifier { get; init; }

    /// <summary>The key the copy is encrypted under; absent keeps the source's key (same account and region only).</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Whether the source's tags are copied (the explicit <see cref="Tags"/> win on a clash).</summary>
    public bool CopyTags { get; init; }

    /// <summary>Tags for the copy.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The pre-signed URL botocore makes from SourceRegion, if any (checked loosely; AWS ignores it outside GovCloud).</summary>
    public string? PreSignedUrl { get; init; }
}
