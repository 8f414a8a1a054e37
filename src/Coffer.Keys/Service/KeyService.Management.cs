using Coffer.Keys.Identifiers;
using Coffer.Keys.Store;

namespace Coffer.Keys.Service;

/// <summary>
/// EnableKey, DisableKey, UpdateKeyDescription, ScheduleKeyDeletion and CancelKeyDeletion, with the state table's
/// rules for each. Management calls take a key id or key ARN of the caller's own account, are allowed only by the
/// key policy (grants never allow them), and are refused on AWS managed keys.
/// </summary>
public sealed partial class KeyService
{
    /// <summary>The shortest and longest deletion waiting period, in days.</summary>
    public const int MinPendingWindowInDays = 7, MaxPendingWindowInDays = 30;

    /// <summary>One management change at a time, so that a read-check-write of a key cannot interleave with another.</summary>
    private readonly SemaphoreSlim _mutations = new(1, 1);

    /// <summary>EnableKey: Enabled or Disabled → Enabled; pending deletion is KMSInvalidStateException.</summary>
    public Task<KmsKey> EnableKeyAsync(KmsCaller caller, string? keyId, CancellationToken cancellationToken) =>
        MutateAsync(caller, keyId, "kms:EnableKey", key =>
        {
            RequireManageable(key);
            return key with { State = KeyState.Enabled };
        }, cancellationToken);

    /// <summary>DisableKey: Enabled or Disabled → Disabled; pending deletion is KMSInvalidStateException.</summary>
    public Task<KmsKey> DisableKeyAsync(KmsCaller caller, string? keyId, CancellationToken cancellationToken) =>
        MutateAsync(caller, keyId, "kms:DisableKey", key =>
        {
            RequireManageable(key);
            return key with { State = KeyState.Disabled };
        }, cancellationToken);

    /// <summary>UpdateKeyDescription (0–8192 characters, checked at the edge); not while pending deletion.</summary>
    public Task<KmsKey> UpdateKeyDescriptionAsync(KmsCaller caller, string? keyId, string description, CancellationToken cancellationToken) =>
        MutateAsync(caller, keyId, "kms:UpdateKeyDescription", key =>
        {
            RequireNotPendingDeletion(key);
            return key with { Description = description };
        }, cancellationToken);

    /// <summary>
    /// ScheduleKeyDeletion: the key becomes PendingDeletion until now + <paramref name="pendingWindowInDays"/> ×
    /// <see cref="KeysOptions.Day"/>, when maintenance deletes it for good. A key already pending deletion is
    /// KMSInvalidStateException. Automatic rotation stays configured but is reported off while pending.
    /// </summary>
    public Task<KmsKey> ScheduleKeyDeletionAsync(KmsCaller caller, string? keyId, int pendingWindowInDays, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pendingWindowInDays, MinPendingWindowInDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pendingWindowInDays, MaxPendingWindowInDays);
        return MutateAsync(caller, keyId, "kms:ScheduleKeyDeletion", key =>
        {
            RequireNotPendingDeletion(key);
            RequireNotUpdating(key);
            return key with
            {
                State = KeyState.PendingDeletion,
                DeletionDate = _time.GetUtcNow() + (Options.Day * pendingWindowInDays),
                PendingWindowInDays = pendingWindowInDays,
            };
        }, cancellationToken);
    }

    /// <summary>CancelKeyDeletion: PendingDeletion → Disabled (not Enabled, as AWS does); any other state is KMSInvalidStateException.</summary>
    public Task<KmsKey> CancelKeyDeletionAsync(KmsCaller caller, string? keyId, CancellationToken cancellationToken) =>
        MutateAsync(caller, keyId, "kms:CancelKeyDeletion", key => key.State == KeyState.PendingDeletion
            ? key with { State = KeyState.Disabled, DeletionDate = null, PendingWindowInDays = null }
            : throw KmsErrors.NotPendingDeletion(key.Arn), cancellationToken);

    /// <summary>
    /// Resolves a key for a management call (key id or ARN, the caller's account only), authorises
    /// <paramref name="action"/> by the key policy alone, and refuses AWS managed keys.
    /// </summary>
    internal async ValueTask<KeyEntry> ManagedEntryAsync(KmsCaller caller, string? keyId, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.IdOrArn, crossAccount: false, createManaged: false, cancellationToken);
        Authorize(caller, entry, action, null, null, null);
        RequireCustomerManaged(entry.Key, caller, action);
        return entry;
    }

    /// <summary>Applies <paramref name="change"/> to a key under the mutation lock and stores the result.</summary>
    private async Task<KmsKey> MutateAsync(KmsCaller caller, string? keyId, string action, Func<KmsKey, KmsKey> change, CancellationToken cancellationToken)
    {
        await _mutations.WaitAsync(cancellationToken);
        try
        {
            var entry = await ManagedEntryAsync(caller, keyId, action, cancellationToken);
            var updated = change(entry.Key);
            if (updated != entry.Key)
            {
                await _store.UpdateKeyAsync(updated, cancellationToken);
            }

            return updated;
        }
        finally
        {
            _mutations.Release();
        }
    }

    /// <summary>EnableKey and DisableKey: footnotes 3, 5, 14 and 15 of the state table; Unavailable succeeds.</summary>
    private static void RequireManageable(KmsKey key)
    {
        if (key.State is KeyState.PendingDeletion or KeyState.PendingReplicaDeletion or KeyState.PendingImport or KeyState.Creating or KeyState.Updating)
        {
            throw KmsErrors.InvalidState(key.Arn, key.State);
        }
    }

    private static void RequireNotUpdating(KmsKey key)
    {
        if (key.State == KeyState.Updating)
        {
            throw KmsErrors.InvalidState(key.Arn, key.State);
        }
    }
}
