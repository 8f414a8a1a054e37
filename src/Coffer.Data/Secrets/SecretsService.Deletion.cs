using Coffer.Keys;

namespace Coffer.Data.Secrets;

/// <summary>DeleteSecret, RestoreSecret and the final deletion at the end of the recovery window.</summary>
public sealed partial class SecretsService
{
    /// <summary>The default recovery window, in days.</summary>
    public const int DefaultRecoveryWindowInDays = 30;

    /// <summary>
    /// DeleteSecret: schedules the secret for deletion after <paramref name="recoveryWindowInDays"/> (7–30, default
    /// 30) days, or deletes it at once with <paramref name="forceDeleteWithoutRecovery"/> (also allowed on a secret
    /// already scheduled). Giving both is InvalidParameterException; deleting a scheduled secret again without force
    /// is InvalidRequestException.
    /// </summary>
    public Task<(Secret Secret, DateTimeOffset DeletionDate)> DeleteSecretAsync(
        KmsCaller caller, string secretId, long? recoveryWindowInDays, bool forceDeleteWithoutRecovery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(secretId);
        if (forceDeleteWithoutRecovery && recoveryWindowInDays is not null)
        {
            throw SecretsErrors.InvalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }

        if (recoveryWindowInDays is < 7 or > 30)
        {
            throw SecretsErrors.InvalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }

        return WriteAsync(async () =>
        {
            var secret = Resolve(caller, secretId);
            var now = _time.GetUtcNow();
            if (forceDeleteWithoutRecovery)
            {
                await _store.RemoveAsync(secret.Arn, cancellationToken);
                return (secret, now);
            }

            if (secret.IsScheduledForDeletion)
            {
                throw SecretsErrors.InvalidRequest("You can't delete secret because it was already scheduled for deletion.");
            }

            var deletionDate = now + (_options.Day * (recoveryWindowInDays ?? DefaultRecoveryWindowInDays));
            var scheduled = secret with { DeletedDate = now, DeletionDate = deletionDate };
            await _store.UpdateAsync(scheduled, cancellationToken);
            return (scheduled, deletionDate);
        }, cancellationToken);
    }

    /// <summary>RestoreSecret: cancels a scheduled deletion (a secret not scheduled is left as it is).</summary>
    public Task<Secret> RestoreSecretAsync(KmsCaller caller, string secretId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(secretId);
        return WriteAsync(async () =>
        {
            var secret = Resolve(caller, secretId);
            if (!secret.IsScheduledForDeletion)
            {
                return secret;
            }

            var restored = secret with { DeletedDate = null, DeletionDate = null };
            await _store.UpdateAsync(restored, cancellationToken);
            return restored;
        }, cancellationToken);
    }

    /// <summary>Deletes for good every secret whose recovery window has ended; returns their ARNs.</summary>
    public Task<IReadOnlyList<string>> RunMaintenanceAsync(CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<string>>(async () =>
        {
            var due = _store.All.Where(IsGone).Select(s => s.Arn).ToList();
            foreach (var arn in due)
            {
                await _store.RemoveAsync(arn, cancellationToken);
            }

            return due;
        }, cancellationToken);
}
