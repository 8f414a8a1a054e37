using Coffer.Keys.Crypto;
using Coffer.Keys.Identifiers;
using Coffer.Keys.Policies;
using Coffer.Keys.Store;
using Coffer.Primitives;

namespace Coffer.Keys.Service;

/// <summary>Creating, describing and listing keys; the lazily created AWS managed keys.</summary>
public sealed partial class KeyService
{
    /// <summary>
    /// Creates a symmetric customer managed key in the caller's account and region: fresh material, the given policy
    /// (checked, and refused if it would lock the caller out unless <paramref name="bypassPolicyLockoutSafetyCheck"/>)
    /// or the default one.
    /// </summary>
    public async Task<KmsKey> CreateKeyAsync(KmsCaller caller, string? policy, string description, bool bypassPolicyLockoutSafetyCheck, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var key = new KmsKey
        {
            Id = Guid.NewGuid(),
            Account = caller.Account,
            Region = caller.Region,
            CreationDate = _time.GetUtcNow(),
            Description = description,
            State = KeyState.Enabled,
            KeyManager = KeyManagerType.Customer,
            Policy = policy ?? DefaultKeyPolicy.For(caller.Account),
            CurrentMaterial = KeyMaterialId.CreateRandom(),
        };
        if (policy is not null)
        {
            var parsed = ParsePolicy(policy);
            if (!bypassPolicyLockoutSafetyCheck && PolicyLockoutCheck.WouldLockOut(parsed, caller.Account, caller.PrincipalArn, key.Arn, key.Account))
            {
                throw KmsErrors.MalformedPolicy(PolicyMessages.Lockout);
            }
        }

        await _store.CreateKeyAsync(key, NewMaterial(key, key.CurrentMaterial, null), tags, cancellationToken);
        return key;
    }

    /// <summary>DescribeKey: any of the four identifier forms, across accounts by ARN; creates an AWS managed key on first reference.</summary>
    public async Task<KmsKey> DescribeKeyAsync(KmsCaller caller, string? keyId, IReadOnlyList<string>? grantTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.Any, crossAccount: true, createManaged: true, cancellationToken);
        Authorize(caller, entry, "kms:DescribeKey", Grants.GrantOperation.DescribeKey, null, grantTokens);
        return entry.Key;
    }

    /// <summary>
    /// ListKeys: the caller's keys in the region, by key id, <paramref name="limit"/> at a time after <paramref name="marker"/>
    /// (the last key id of the previous page). Authorised by IAM in AWS; here every principal of the account may list.
    /// </summary>
    public (IReadOnlyList<KmsKey> Keys, string? NextMarker) ListKeys(KmsCaller caller, int limit, string? marker)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var after = marker is null ? null : Pagination.ReadMarker(marker, "keys");
        var page = _store.KeysOf(caller.Account, caller.Region)
            .Where(k => after is null || string.CompareOrdinal(k.KeyId, after) > 0)
            .Take(limit + 1)
            .ToList();
        return page.Count > limit ? (page[..limit], Pagination.Marker("keys", page[limit - 1].KeyId)) : (page, null);
    }

    private async Task<KmsAlias> CreateManagedKeyAsync(AccountId account, string region, string aliasName, CancellationToken cancellationToken)
    {
        await _managedKeys.WaitAsync(cancellationToken);
        try
        {
            if (_store.FindAlias(account, region, aliasName) is { } existing)
            {
                return existing;
            }

            var (service, description) = ManagedKeys.Describe(aliasName);
            var now = _time.GetUtcNow();
            var key = new KmsKey
            {
                Id = Guid.NewGuid(),
                Account = account,
                Region = region,
                CreationDate = now,
                Description = description,
                State = KeyState.Enabled,
                KeyManager = KeyManagerType.Aws,
                Policy = AwsManagedKeyPolicy.For(account, service, region),
                RotationEnabled = true,
                RotationPeriodInDays = 365,
                NextRotationDate = now + (Options.Day * 365),
                CurrentMaterial = KeyMaterialId.CreateRandom(),
                ManagedAlias = aliasName,
            };
            await _store.CreateKeyAsync(key, NewMaterial(key, key.CurrentMaterial, null), new Dictionary<string, string>(), cancellationToken);
            var alias = new KmsAlias(account, region, aliasName, key.Id, now, now);
            await _store.PutAliasAsync(alias, cancellationToken);
            return alias;
        }
        finally
        {
            _managedKeys.Release();
        }
    }

    /// <summary>Parses a policy a caller gave, turning any problem into MalformedPolicyDocumentException.</summary>
    internal static KeyPolicy ParsePolicy(string policy) =>
        KeyPolicy.TryParse(policy, out var parsed, out var error) ? parsed : throw KmsErrors.MalformedPolicy(error ?? PolicyMessages.InvalidJson);
}
