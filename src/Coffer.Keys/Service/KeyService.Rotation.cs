using Coffer.Keys.Crypto;
using Coffer.Keys.Identifiers;

namespace Coffer.Keys.Service;

/// <summary>
/// Automatic and on-demand rotation of key material. Rotation adds a generation and makes it current; every older
/// generation is kept until the key is deleted, and a blob names the generation that opens it.
/// </summary>
public sealed partial class KeyService
{
    /// <summary>The shortest and longest automatic rotation period, in days; and the default.</summary>
    public const int MinRotationPeriodInDays = 90, MaxRotationPeriodInDays = 2560, DefaultRotationPeriodInDays = 365;

    /// <summary>The rotation types, as ListKeyRotations spells them.</summary>
    public const string Automatic = "AUTOMATIC", OnDemand = "ON_DEMAND";

    /// <summary>
    /// EnableKeyRotation: automatic rotation every <paramref name="rotationPeriodInDays"/> days (default 365), the
    /// next one due a full period from now. Enabled keys only: DisabledException when disabled,
    /// KMSInvalidStateException when pending deletion.
    /// </summary>
    public Task<KmsKey> EnableKeyRotationAsync(KmsCaller caller, string? keyId, int? rotationPeriodInDays, CancellationToken cancellationToken)
    {
        var period = rotationPeriodInDays ?? DefaultRotationPeriodInDays;
        ArgumentOutOfRangeException.ThrowIfLessThan(period, MinRotationPeriodInDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(period, MaxRotationPeriodInDays);
        return MutateAsync(caller, keyId, "kms:EnableKeyRotation", key =>
        {
            RequireRotatable(key);
            return key with { RotationEnabled = true, RotationPeriodInDays = period, NextRotationDate = _time.GetUtcNow() + (Options.Day * period) };
        }, cancellationToken);
    }

    /// <summary>DisableKeyRotation: the states of EnableKeyRotation.</summary>
    public Task<KmsKey> DisableKeyRotationAsync(KmsCaller caller, string? keyId, CancellationToken cancellationToken) =>
        MutateAsync(caller, keyId, "kms:DisableKeyRotation", key =>
        {
            RequireRotatable(key);
            return key with { RotationEnabled = false, NextRotationDate = null };
        }, cancellationToken);

    /// <summary>
    /// GetKeyRotationStatus: by key id or ARN, across accounts by ARN (the key policy decides). Works in every state;
    /// a key pending deletion reports rotation off, and cancelling its deletion restores what it was.
    /// </summary>
    public async Task<KeyRotationStatus> GetKeyRotationStatusAsync(KmsCaller caller, string? keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.IdOrArn, crossAccount: true, createManaged: false, cancellationToken);
        Authorize(caller, entry, "kms:GetKeyRotationStatus", null, null, null);
        var key = entry.Key;
        return key.RotationEnabled && key.State is not (KeyState.PendingDeletion or KeyState.PendingReplicaDeletion)
            ? new KeyRotationStatus(key.Arn, true, key.RotationPeriodInDays, key.NextRotationDate)
            : new KeyRotationStatus(key.Arn, false, null, null);
    }

    /// <summary>
    /// RotateKeyOnDemand: new material at once, whatever the automatic schedule (which it does not move). At most
    /// <see cref="KeysOptions.MaxOnDemandRotations"/> per key (LimitExceededException); ConflictException while an
    /// automatic rotation is due within 20 minutes; customer managed, enabled keys only.
    /// </summary>
    public async Task<KmsKey> RotateKeyOnDemandAsync(KmsCaller caller, string? keyId, CancellationToken cancellationToken)
    {
        await _mutations.WaitAsync(cancellationToken);
        try
        {
            var entry = await ManagedEntryAsync(caller, keyId, "kms:RotateKeyOnDemand", cancellationToken);
            var key = entry.Key;
            RequireRotatable(key);
            if (key.OnDemandRotations >= Options.MaxOnDemandRotations)
            {
                throw KmsErrors.LimitExceeded($"{key.Arn} has had {key.OnDemandRotations} on-demand rotations, the most a key may have.");
            }

            // AWS refuses an on-demand rotation within 20 minutes of a due automatic one; 20 minutes is 1/72 of a day.
            if (key.RotationEnabled && key.NextRotationDate is { } next && next - _time.GetUtcNow() < Options.Day / 72)
            {
                throw KmsErrors.RotationConflict(key.Arn);
            }

            return await RotateAsync(key, OnDemand, key with { OnDemandRotations = key.OnDemandRotations + 1 }, cancellationToken);
        }
        finally
        {
            _mutations.Release();
        }
    }

    /// <summary>
    /// ListKeyRotations: the rotations, oldest first (with <paramref name="includeAllKeyMaterial"/>, the first
    /// material too), each with its state, <paramref name="limit"/> at a time after <paramref name="marker"/>.
    /// Any key state; customer managed keys only.
    /// </summary>
    public async Task<(IReadOnlyList<KeyRotationEntry> Rotations, string? NextMarker)> ListKeyRotationsAsync(
        KmsCaller caller, string? keyId, bool includeAllKeyMaterial, int limit, string? marker, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var entry = await ManagedEntryAsync(caller, keyId, "kms:ListKeyRotations", cancellationToken);
        var key = entry.Key;
        var after = marker is null ? null : Pagination.ReadMarker(marker, "rotations");
        var all = entry.Materials
            .Where(m => includeAllKeyMaterial || m.RotationType is not null)
            .Select(m => new KeyRotationEntry(key.KeyId, m.Id, m.Id == key.CurrentMaterial ? "CURRENT" : "NON_CURRENT", m.RotationType is null ? null : m.CreatedAt, m.RotationType))
            .ToList();
        var start = after is null ? 0 : all.FindIndex(r => r.KeyMaterialId.ToString() == after) + 1;
        if (start == 0 && after is not null)
        {
            throw KmsErrors.InvalidMarker();
        }

        var page = all.Skip(start).Take(limit + 1).ToList();
        return page.Count > limit ? (page[..limit], Pagination.Marker("rotations", page[limit - 1].KeyMaterialId.ToString())) : (page, null);
    }

    /// <summary>Adds a generation of <paramref name="rotationType"/> and stores <paramref name="updated"/> with it current.</summary>
    private async Task<KmsKey> RotateAsync(KmsKey key, string rotationType, KmsKey updated, CancellationToken cancellationToken)
    {
        var material = NewMaterial(key, KeyMaterialId.CreateRandom(), rotationType);
        var rotated = updated with { CurrentMaterial = material.Id };
        await _store.AddMaterialAsync(rotated, material, cancellationToken);
        return rotated;
    }

    /// <summary>The rotation operations' states: Enabled (or Updating); Disabled is DisabledException; the rest per footnotes 3, 6, 7 and 14.</summary>
    private static void RequireRotatable(KmsKey key)
    {
        switch (key.State)
        {
            case KeyState.Enabled or KeyState.Updating:
                return;
            case KeyState.Disabled:
                throw KmsErrors.Disabled(key.Arn);
            case KeyState.PendingImport or KeyState.Unavailable:
                throw KmsErrors.Unsupported($"{key.Arn} does not support rotation in state {key.State}.");
            default:
                throw KmsErrors.InvalidState(key.Arn, key.State);
        }
    }
}
