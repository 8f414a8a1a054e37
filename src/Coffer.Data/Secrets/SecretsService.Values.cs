using Coffer.Keys;

namespace Coffer.Data.Secrets;

/// <summary>GetSecretValue, PutSecretValue and UpdateSecret: versions and their staging labels.</summary>
public sealed partial class SecretsService
{
    /// <summary>
    /// GetSecretValue: the version <paramref name="versionId"/> names, or the one with <paramref name="versionStage"/>
    /// (AWSCURRENT when neither is given; both must name the same version). The data key is opened by KMS via Secrets
    /// Manager: a disabled key is DecryptionFailure. The caller disposes the result.
    /// </summary>
    public async Task<SecretValueResult> GetSecretValueAsync(KmsCaller caller, string secretId, string? versionId, string? versionStage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(secretId);
        var secret = ResolveLive(caller, secretId);
        var version = FindVersion(secret, versionId, versionStage);
        var value = await _cipher.OpenAsync(caller, secret.Arn, version, cancellationToken);
        await TouchAsync(secret, cancellationToken);
        return new SecretValueResult(secret.Arn, secret.Name, version.VersionId, version.Stages, version.CreatedDate, value);
    }

    /// <summary>
    /// PutSecretValue: a new version, labelled <paramref name="stages"/> (AWSCURRENT by default); moving AWSCURRENT
    /// gives the old current version AWSPREVIOUS. A token naming an existing version with the same value returns that
    /// version unchanged; with a different value it is ResourceExistsException.
    /// </summary>
    public Task<SecretWriteResult> PutSecretValueAsync(
        KmsCaller caller, string secretId, string? clientRequestToken, SecretValue value, IReadOnlyList<string>? stages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(secretId);
        ArgumentNullException.ThrowIfNull(value);
        if (stages is not null && (stages.Count is 0 or > 20 || stages.Any(s => s.Length is 0 or > 256)))
        {
            throw SecretsErrors.InvalidParameter("VersionStages must list 1 to 20 staging labels of 1 to 256 characters.");
        }

        return WriteAsync(async () =>
        {
            var secret = ResolveLive(caller, secretId);
            var (updated, version) = await AddVersionAsync(caller, secret, clientRequestToken, value, stages is null ? [Current] : [.. stages.Distinct(StringComparer.Ordinal)], cancellationToken);
            if (!ReferenceEquals(updated, secret))
            {
                await _store.UpdateAsync(updated, cancellationToken);
            }

            return new SecretWriteResult(secret.Arn, secret.Name, version.VersionId, version.Stages);
        }, cancellationToken);
    }

    /// <summary>
    /// UpdateSecret: a new description, a new KMS key, and/or a new value (which becomes AWSCURRENT). A new key is
    /// used for the new version, and the AWSCURRENT and AWSPREVIOUS versions are re-encrypted under it, as AWS does.
    /// </summary>
    public Task<SecretWriteResult> UpdateSecretAsync(KmsCaller caller, UpdateSecretRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        CheckKmsKeyId(request.KmsKeyId);
        return WriteAsync(async () =>
        {
            var secret = ResolveLive(caller, request.SecretId);
            var updated = secret;
            if (request.KmsKeyId is { } keyId && !string.Equals(NullIfEmpty(keyId), secret.KmsKeyId, StringComparison.Ordinal))
            {
                updated = await ReEncryptAsync(caller, updated with { KmsKeyId = NullIfEmpty(keyId) }, cancellationToken);
            }

            if (request.Description is { } description)
            {
                updated = updated with { Description = description };
            }

            SecretVersion? version = null;
            if (request.Value is { } value)
            {
                (updated, version) = await AddVersionAsync(caller, updated, request.ClientRequestToken, value, [Current], cancellationToken);
            }

            if (!ReferenceEquals(updated, secret))
            {
                await _store.UpdateAsync(updated with { LastChangedDate = _time.GetUtcNow() }, cancellationToken);
            }

            return new SecretWriteResult(secret.Arn, secret.Name, version?.VersionId, version?.Stages ?? []);
        }, cancellationToken);
    }

    /// <summary>The version a GetSecretValue names.</summary>
    internal static SecretVersion FindVersion(Secret secret, string? versionId, string? versionStage)
    {
        if (versionId is not null)
        {
            var byId = secret.WithId(versionId) ?? throw SecretsErrors.VersionNotFound(versionId);
            return versionStage is null || byId.Stages.Contains(versionStage, StringComparer.Ordinal)
                ? byId
                : throw SecretsErrors.VersionStageMismatch(versionId, versionStage);
        }

        var stage = versionStage ?? Current;
        return secret.WithStage(stage) ?? throw SecretsErrors.StageNotFound(stage);
    }

    /// <summary>
    /// Adds a version (or finds it again by its token) and moves the labels: the labels given leave every other
    /// version; moving AWSCURRENT makes the old current version AWSPREVIOUS. Deprecated versions (no label) beyond the
    /// quota are dropped, oldest first. Returns the same record when nothing changed.
    /// </summary>
    private async Task<(Secret Secret, SecretVersion Version)> AddVersionAsync(
        KmsCaller caller, Secret secret, string? clientRequestToken, SecretValue value, IReadOnlyList<string> stages, CancellationToken cancellationToken)
    {
        var versionId = clientRequestToken ?? Guid.NewGuid().ToString();
        if (secret.WithId(versionId) is { } existing)
        {
            using var stored = await _cipher.OpenAsync(caller, secret.Arn, existing, cancellationToken);
            return stored.SameAs(value) ? (secret, existing) : throw SecretsErrors.VersionExists();
        }

        var now = _time.GetUtcNow();
        var added = await _cipher.SealAsync(caller, secret.Arn, secret.KmsKeyId, versionId, value, stages, now, cancellationToken);
        var versions = MoveStages(secret.Versions, stages).Append(added).ToList();
        while (versions.Count > _options.MaxVersions && versions.FindIndex(v => v.Stages.Count == 0) is >= 0 and var oldest)
        {
            versions.RemoveAt(oldest);
        }

        if (versions.Count > _options.MaxVersions)
        {
            throw SecretsErrors.TooManyVersions(_options.MaxVersions);
        }

        return (secret with { Versions = versions, LastChangedDate = now }, added);
    }

    /// <summary>The versions with <paramref name="stages"/> taken off, and AWSPREVIOUS moved to the old current version when AWSCURRENT moves.</summary>
    internal static IEnumerable<SecretVersion> MoveStages(IEnumerable<SecretVersion> versions, IReadOnlyList<string> stages)
    {
        var movesCurrent = stages.Contains(Current, StringComparer.Ordinal);
        foreach (var version in versions)
        {
            var wasCurrent = version.Stages.Contains(Current, StringComparer.Ordinal);
            var kept = version.Stages.Where(s => !stages.Contains(s, StringComparer.Ordinal) && !(movesCurrent && s == Previous)).ToList();
            if (movesCurrent && wasCurrent)
            {
                kept.Add(Previous);
            }

            yield return kept.SequenceEqual(version.Stages, StringComparer.Ordinal) ? version : version with { Stages = kept };
        }
    }

    /// <summary>Re-encrypts the AWSCURRENT and AWSPREVIOUS versions under the secret's (new) key, keeping their ids.</summary>
    private async Task<Secret> ReEncryptAsync(KmsCaller caller, Secret secret, CancellationToken cancellationToken)
    {
        var versions = new List<SecretVersion>();
        foreach (var version in secret.Versions)
        {
            if (version.Stages.Contains(Current, StringComparer.Ordinal) || version.Stages.Contains(Previous, StringComparer.Ordinal))
            {
                using var value = await _cipher.OpenAsync(caller, secret.Arn, version, cancellationToken);
                versions.Add(await _cipher.SealAsync(caller, secret.Arn, secret.KmsKeyId, version.VersionId, value, version.Stages, version.CreatedDate, cancellationToken));
            }
            else
            {
                versions.Add(version);
            }
        }

        return secret with { Versions = versions };
    }

    /// <summary>Records the day the value was read (AWS keeps the date only), writing at most once a day.</summary>
    private async Task TouchAsync(Secret secret, CancellationToken cancellationToken)
    {
        var today = new DateTimeOffset(_time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        if (secret.LastAccessedDate == today)
        {
            return;
        }

        await WriteAsync(async () =>
        {
            if (_store.FindByArn(secret.Arn) is { } current && current.LastAccessedDate != today)
            {
                await _store.UpdateAsync(current with { LastAccessedDate = today }, cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
