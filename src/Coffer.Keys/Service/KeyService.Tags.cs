namespace Coffer.Keys.Service;

/// <summary>TagResource, UntagResource and ListResourceTags: customer managed keys only, 50 tags per key.</summary>
public sealed partial class KeyService
{
    /// <summary>The most tags one key may have (AWS's quota).</summary>
    public const int MaxTagsPerKey = 50;

    /// <summary>
    /// TagResource: adds tags or replaces their values (the tags were checked at the edge). Not while the key is
    /// pending deletion; more than 50 tags in all is LimitExceededException.
    /// </summary>
    public async Task TagResourceAsync(KmsCaller caller, string? keyId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        await _mutations.WaitAsync(cancellationToken);
        try
        {
            var entry = await ManagedEntryAsync(caller, keyId, "kms:TagResource", cancellationToken);
            RequireNotPendingDeletion(entry.Key);
            var total = entry.Tags.Keys.Union(tags.Keys, StringComparer.Ordinal).Count();
            if (total > MaxTagsPerKey)
            {
                throw KmsErrors.LimitExceeded($"{entry.Key.Arn} would have {total} tags; a key may have at most {MaxTagsPerKey}.");
            }

            await _store.UpdateTagsAsync(entry.Key.Id, tags, [], cancellationToken);
        }
        finally
        {
            _mutations.Release();
        }
    }

    /// <summary>UntagResource: removes tags by key (absent ones are ignored, as AWS does). Not while pending deletion.</summary>
    public async Task UntagResourceAsync(KmsCaller caller, string? keyId, IReadOnlyCollection<string> tagKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tagKeys);
        await _mutations.WaitAsync(cancellationToken);
        try
        {
            var entry = await ManagedEntryAsync(caller, keyId, "kms:UntagResource", cancellationToken);
            RequireNotPendingDeletion(entry.Key);
            await _store.UpdateTagsAsync(entry.Key.Id, new Dictionary<string, string>(), tagKeys, cancellationToken);
        }
        finally
        {
            _mutations.Release();
        }
    }

    /// <summary>ListResourceTags: the key's tags by tag key, in any state, <paramref name="limit"/> at a time after <paramref name="marker"/>.</summary>
    public async Task<(IReadOnlyList<KeyValuePair<string, string>> Tags, string? NextMarker)> ListResourceTagsAsync(KmsCaller caller, string? keyId, int limit, string? marker, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var entry = await PolicyEntryAsync(caller, keyId, "kms:ListResourceTags", cancellationToken);
        var after = marker is null ? null : Pagination.ReadMarker(marker, "tags");
        var page = entry.Tags.Where(t => after is null || string.CompareOrdinal(t.Key, after) > 0).Take(limit + 1).ToList();
        return page.Count > limit ? (page[..limit], Pagination.Marker("tags", page[limit - 1].Key)) : (page, null);
    }
}
