using Coffer.Keys.Identifiers;
using Coffer.Keys.Store;

namespace Coffer.Keys.Service;

/// <summary>CreateAlias, UpdateAlias, DeleteAlias and ListAliases.</summary>
/// <remarks>
/// A malformed name (pattern or length) is refused at the edge with ValidationException; here a name without the
/// <c>alias/</c> prefix is InvalidAliasNameException, and one under <c>alias/aws/</c> is NotAuthorizedException, the
/// code real KMS and moto answer with (it is not in the KMS model, whose closest fit would be InvalidAliasNameException).
/// </remarks>
public sealed partial class KeyService
{
    /// <summary>The most aliases one key may have (AWS's quota).</summary>
    public const int MaxAliasesPerKey = 50;

    /// <summary>
    /// CreateAlias: a new alias in the caller's account and region for a customer managed key named by id or ARN
    /// (kms:CreateAlias on it). The key may be in any state but pending deletion; it may have at most 50 aliases.
    /// </summary>
    public async Task<KmsAlias> CreateAliasAsync(KmsCaller caller, string aliasName, string? targetKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        CheckNewAliasName(aliasName);
        await _mutations.WaitAsync(cancellationToken);
        try
        {
            var target = await ManagedEntryAsync(caller, targetKeyId, "kms:CreateAlias", cancellationToken);
            RequireNotPendingDeletion(target.Key);
            if (_store.FindAlias(caller.Account, caller.Region, aliasName) is not null)
            {
                throw KmsErrors.AliasExists(AliasArn(caller.Account, caller.Region, aliasName));
            }

            RequireAliasRoom(target.Key);
            var now = _time.GetUtcNow();
            var alias = new KmsAlias(caller.Account, caller.Region, aliasName, target.Key.Id, now, now);
            await _store.PutAliasAsync(alias, cancellationToken);
            return alias;
        }
        finally
        {
            _mutations.Release();
        }
    }

    /// <summary>
    /// UpdateAlias: points an existing alias at another customer managed key. The caller needs kms:UpdateAlias on
    /// both keys. The current target may be pending deletion; the new one may not (footnote 10 of the state table).
    /// </summary>
    public async Task<KmsAlias> UpdateAliasAsync(KmsCaller caller, string aliasName, string? targetKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        CheckNewAliasName(aliasName);
        await _mutations.WaitAsync(cancellationToken);
        try
        {
            var alias = _store.FindAlias(caller.Account, caller.Region, aliasName) ?? throw KmsErrors.AliasNotFound(AliasArn(caller.Account, caller.Region, aliasName));
            var target = await ManagedEntryAsync(caller, targetKeyId, "kms:UpdateAlias", cancellationToken);
            if (_store.Find(alias.TargetKeyId) is { } current)
            {
                Authorize(caller, current, "kms:UpdateAlias", null, null, null);
            }

            RequireNotPendingDeletion(target.Key);
            if (target.Key.Id == alias.TargetKeyId)
            {
                return alias;
            }

            RequireAliasRoom(target.Key);
            var updated = alias with { TargetKeyId = target.Key.Id, LastUpdatedDate = _time.GetUtcNow() };
            await _store.PutAliasAsync(updated, cancellationToken);
            return updated;
        }
        finally
        {
            _mutations.Release();
        }
    }

    /// <summary>DeleteAlias: kms:DeleteAlias on the target key, in any state; the key is untouched.</summary>
    public async Task DeleteAliasAsync(KmsCaller caller, string aliasName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        CheckNewAliasName(aliasName);
        await _mutations.WaitAsync(cancellationToken);
        try
        {
            var alias = _store.FindAlias(caller.Account, caller.Region, aliasName) ?? throw KmsErrors.AliasNotFound(AliasArn(caller.Account, caller.Region, aliasName));
            if (_store.Find(alias.TargetKeyId) is { } target)
            {
                Authorize(caller, target, "kms:DeleteAlias", null, null, null);
            }

            await _store.DeleteAliasAsync(alias, cancellationToken);
        }
        finally
        {
            _mutations.Release();
        }
    }

    /// <summary>
    /// ListAliases: the caller's aliases in the region by name, with the predefined <c>alias/aws/…</c> names whose
    /// key does not exist yet (no target), <paramref name="limit"/> at a time after <paramref name="marker"/>; or
    /// only the aliases of the key <paramref name="keyId"/> (id or ARN). Authorised by IAM in AWS; here every
    /// principal of the account may list.
    /// </summary>
    public async Task<(IReadOnlyList<AliasListEntry> Aliases, string? NextMarker)> ListAliasesAsync(KmsCaller caller, string? keyId, int limit, string? marker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var after = marker is null ? null : Pagination.ReadMarker(marker, "aliases");
        Guid? only = keyId is null
            ? null
            : (await ResolveAsync(caller, keyId, KeyReferenceForms.IdOrArn, crossAccount: false, createManaged: false, cancellationToken)).Key.Id;
        var aliases = _store.AliasesOf(caller.Account, caller.Region)
            .Where(a => only is null || a.TargetKeyId == only)
            .Select(a => new AliasListEntry(a.Name, a.Arn, a.TargetKeyId.ToString("D"), a.CreationDate, a.LastUpdatedDate));
        if (only is null)
        {
            var predefined = ManagedKeys.AliasNames
                .Where(name => _store.FindAlias(caller.Account, caller.Region, name) is null)
                .Select(name => new AliasListEntry(name, AliasArn(caller.Account, caller.Region, name), null, null, null));
            aliases = aliases.Concat(predefined);
        }

        var page = aliases
            .OrderBy(a => a.AliasName, StringComparer.Ordinal)
            .Where(a => after is null || string.CompareOrdinal(a.AliasName, after) > 0)
            .Take(limit + 1)
            .ToList();
        return page.Count > limit ? (page[..limit], Pagination.Marker("aliases", page[limit - 1].AliasName)) : (page, null);
    }

    private static void CheckNewAliasName(string aliasName)
    {
        switch (AliasNames.ValidateForCreate(aliasName, out var error))
        {
            case AliasNameValidation.Malformed:
                throw KmsErrors.InvalidAliasName(error!);
            case AliasNameValidation.Reserved:
                throw KmsErrors.ReservedAlias(aliasName);
        }
    }

    private void RequireAliasRoom(KmsKey key)
    {
        if (_store.AliasesOf(key.Account, key.Region).Count(a => a.TargetKeyId == key.Id) >= MaxAliasesPerKey)
        {
            throw KmsErrors.LimitExceeded($"{key.Arn} already has {MaxAliasesPerKey} aliases, the most a key may have.");
        }
    }
}
