namespace Coffer.Keys.Service;

/// <summary>
/// Work the service does on its own when its time comes: automatic rotation, and the final deletion of keys whose
/// waiting period has ended. Each is reported through <see cref="ServiceEvent"/> for the audit trail.
/// </summary>
public sealed partial class KeyService
{
    /// <summary>
    /// Raised after each automatic rotation and each final deletion, on the maintenance caller's thread. The audit
    /// trail subscribes; a handler must not throw.
    /// </summary>
    public event Action<KeyServiceEvent>? ServiceEvent;

    /// <summary>
    /// Rotates every enabled key whose automatic rotation is due (the next one is then due a period after the one
    /// just done, or a period from now if several were missed), and deletes for good every key pending deletion whose
    /// deletion date has passed: its rows are securely deleted and its unwrapped material dropped from memory, so no
    /// ciphertext under it can be decrypted again (crypto-shredding). Returns how many keys it rotated or deleted.
    /// </summary>
    public async Task<int> RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var candidate in _store.AllKeys.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _mutations.WaitAsync(cancellationToken);
            KeyServiceEvent? happened;
            try
            {
                happened = await MaintainAsync(candidate.Id, cancellationToken);
            }
            finally
            {
                _mutations.Release();
            }

            if (happened is not null)
            {
                done++;
                ServiceEvent?.Invoke(happened);
            }
        }

        return done;
    }

    private async Task<KeyServiceEvent?> MaintainAsync(Guid keyId, CancellationToken cancellationToken)
    {
        if (_store.Find(keyId)?.Key is not { } key)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (key.State == KeyState.PendingDeletion && key.DeletionDate <= now)
        {
            await _store.DeleteKeyAsync(key.Id, cancellationToken);
            Forget(key.Id);
            return new KeyServiceEvent(KeyServiceEventKind.DeleteKey, key.Arn, key.Account, key.Region, now);
        }

        if (key.State == KeyState.Enabled && key.RotationEnabled && key.NextRotationDate is { } due && due <= now)
        {
            var period = Options.Day * key.RotationPeriodInDays;
            var next = due + period > now ? due + period : now + period;
            await RotateAsync(key, Automatic, key with { NextRotationDate = next }, cancellationToken);
            return new KeyServiceEvent(KeyServiceEventKind.RotateKey, key.Arn, key.Account, key.Region, now);
        }

        return null;
    }
}
