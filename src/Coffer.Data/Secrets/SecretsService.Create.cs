using Coffer.Keys;

namespace Coffer.Data.Secrets;

/// <summary>CreateSecret and DescribeSecret.</summary>
public sealed partial class SecretsService
{
    /// <summary>
    /// CreateSecret: a new secret with a new ARN; with a value, its first version (AWSCURRENT) sealed under the
    /// secret's key. An unusable key is EncryptionFailure and nothing is stored. A name in use is
    /// ResourceExistsException, or InvalidRequestException while that secret waits in its recovery window.
    /// </summary>
    public Task<SecretWriteResult> CreateSecretAsync(KmsCaller caller, CreateSecretRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!SecretNames.IsValid(request.Name, serviceOwned: request.OwningService is not null))
        {
            throw SecretsErrors.InvalidName();
        }

        CheckKmsKeyId(request.KmsKeyId);
        CheckTags(request.Tags);
        return WriteAsync(async () =>
        {
            if (_store.FindByName(caller.Account, caller.Region, request.Name) is { } existing && !IsGone(existing))
            {
                throw existing.IsScheduledForDeletion ? SecretsErrors.NameScheduledForDeletion() : SecretsErrors.SecretExists(request.Name);
            }

            if (_store.FindByName(caller.Account, caller.Region, request.Name) is { } expired)
            {
                await _store.RemoveAsync(expired.Arn, cancellationToken);
            }

            var now = _time.GetUtcNow();
            var arn = SecretNames.NewArn(caller.Account, caller.Region, request.Name);
            var kmsKeyId = string.IsNullOrEmpty(request.KmsKeyId) ? null : request.KmsKeyId;
            IReadOnlyList<SecretVersion> versions = [];
            string? versionId = null;
            if (request.Value is { } value)
            {
                versionId = request.ClientRequestToken ?? Guid.NewGuid().ToString();
                versions = [await _cipher.SealAsync(caller, arn, kmsKeyId, versionId, value, [Current], now, cancellationToken)];
            }

            var secret = new Secret
            {
                Arn = arn,
                Account = caller.Account,
                Region = caller.Region,
                Name = request.Name,
                Description = request.Description,
                KmsKeyId = kmsKeyId,
                OwningService = request.OwningService,
                CreatedDate = now,
                LastChangedDate = now,
                Tags = request.Tags,
                Versions = versions,
            };
            if (!await _store.TryAddAsync(secret, cancellationToken))
            {
                throw SecretsErrors.SecretExists(request.Name);
            }

            return new SecretWriteResult(arn, secret.Name, versionId, versionId is null ? [] : [Current]);
        }, cancellationToken);
    }

    /// <summary>DescribeSecret: the secret's metadata, also while it is scheduled for deletion; never its value.</summary>
    public Secret DescribeSecret(KmsCaller caller, string secretId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(secretId);
        return Resolve(caller, secretId);
    }

    private static void CheckTags(IReadOnlyList<SecretTag> tags)
    {
        if (tags.Count > 50)
        {
            throw SecretsErrors.InvalidParameter("A secret can have at most 50 tags.");
        }

        foreach (var tag in tags)
        {
            if (tag.Key.Length is < 1 or > 128 || tag.Value.Length > 256)
            {
                throw SecretsErrors.InvalidParameter("A tag key must be 1 to 128 characters long and a tag value at most 256.");
            }

            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw SecretsErrors.InvalidParameter("Tag keys starting with 'aws:' are reserved for AWS use.");
            }
        }

        if (tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            throw SecretsErrors.InvalidParameter("Duplicate tag keys are not allowed.");
        }
    }
}
