using System.Collections.Concurrent;
using Coffer.Keys.Crypto;
using Coffer.Keys.Grants;
using Coffer.Keys.Identifiers;
using Coffer.Keys.Policies;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;

namespace Coffer.Keys.Service;

/// <summary>
/// The key service: AWS KMS's rules over the <see cref="KeyStore"/>. Each operation resolves the key identifier in
/// the forms the operation accepts, authorises the caller through the key policy or a grant, checks the key's state,
/// then acts. Partial files hold the operations by concern; this one holds what they share.
/// </summary>
public sealed partial class KeyService : IDisposable
{
    private readonly KeyStore _store;
    private readonly KeyMaterialWrapper _wrapper;
    private readonly Dictionary<string, KeyMaterialWrapper> _unwrappers = new(StringComparer.Ordinal);
    private readonly string _rootKeyFingerprint;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(Guid Key, KeyMaterialId Material), SecretBuffer> _materials = new();
    private readonly ConcurrentDictionary<Guid, (string Text, KeyPolicy Policy)> _policies = new();
    private readonly SemaphoreSlim _managedKeys = new(1, 1);

    /// <summary>Creates the service over a loaded store; material is wrapped under <paramref name="rootKey"/>.</summary>
    public KeyService(KeyStore store, RootKey rootKey, TimeProvider time, KeysOptions? options = null)
        : this(store, rootKey, [], time, options)
    {
    }

    /// <summary>
    /// Creates the service over a loaded store: new material is wrapped under <paramref name="rootKey"/>; stored
    /// material is unwrapped with whichever of it and <paramref name="otherRootKeys"/> its row names by fingerprint
    /// (during and after a root-key rotation, see <see cref="RootKeyRotation"/>).
    /// </summary>
    public KeyService(KeyStore store, RootKey rootKey, IEnumerable<RootKey> otherRootKeys, TimeProvider time, KeysOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        ArgumentNullException.ThrowIfNull(otherRootKeys);
        _store = store;
        _wrapper = new KeyMaterialWrapper(rootKey);
        _rootKeyFingerprint = rootKey.Fingerprint;
        _unwrappers[_rootKeyFingerprint] = _wrapper;
        foreach (var other in otherRootKeys)
        {
            if (!_unwrappers.ContainsKey(other.Fingerprint))
            {
                _unwrappers[other.Fingerprint] = new KeyMaterialWrapper(other);
            }
        }

        _time = time;
        Options = options ?? new KeysOptions();
    }

    /// <summary>The settings.</summary>
    public KeysOptions Options { get; }

    /// <summary>The store (for listings and maintenance).</summary>
    public KeyStore Store => _store;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var material in _materials.Values)
        {
            material.Dispose();
        }

        _materials.Clear();
        foreach (var wrapper in _unwrappers.Values)
        {
            wrapper.Dispose();
        }

        _managedKeys.Dispose();
        _mutations.Dispose();
    }

    /// <summary>
    /// Finds the key <paramref name="keyId"/> names, in one of <paramref name="forms"/>. A key of another account is
    /// reachable only by ARN and only for operations that allow cross-account use. An <c>alias/aws/…</c> name of an
    /// AWS managed key that does not exist yet creates it when <paramref name="createManaged"/>.
    /// </summary>
    internal async ValueTask<KeyEntry> ResolveAsync(KmsCaller caller, string? keyId, KeyReferenceForms forms, bool crossAccount, bool createManaged, CancellationToken cancellationToken)
    {
        if (!KeyReference.TryParse(keyId, forms, out var reference, out var failure, out _))
        {
            throw failure == KeyReferenceFailure.InvalidArn ? KmsErrors.InvalidArn(keyId ?? string.Empty) : KmsErrors.InvalidKeyId(keyId ?? string.Empty);
        }

        var account = reference.Account ?? caller.Account;
        var region = reference.Region ?? caller.Region;
        if (region != caller.Region || (account != caller.Account && !crossAccount))
        {
            throw reference.IsAlias ? KmsErrors.AliasNotFound(AliasArn(account, region, reference.AliasName!)) : KmsErrors.KeyNotFound(KeyArn(account, region, reference.KeyId!));
        }

        if (!reference.IsAlias)
        {
            var entry = reference.KeyGuid is { } guid ? _store.Find(guid) : null;
            return entry is not null && entry.Key.Account == account && entry.Key.Region == region
                ? entry
                : throw KmsErrors.KeyNotFound(KeyArn(account, region, reference.KeyId!));
        }

        var alias = _store.FindAlias(account, region, reference.AliasName!);
        if (alias is null && createManaged && account == caller.Account && ManagedKeys.IsManagedAlias(reference.AliasName!))
        {
            alias = await CreateManagedKeyAsync(account, region, reference.AliasName!, cancellationToken);
        }

        return alias is not null && _store.Find(alias.TargetKeyId) is { } target
            ? target
            : throw KmsErrors.AliasNotFound(AliasArn(account, region, reference.AliasName!));
    }

    /// <summary>
    /// Lets the call through when the key policy allows <paramref name="action"/> (and no statement denies it), or
    /// when a grant for the caller — found by principal or by a grant token — allows <paramref name="operation"/> with
    /// this encryption context. Otherwise AccessDeniedException.
    /// </summary>
    internal void Authorize(KmsCaller caller, KeyEntry entry, string action, GrantOperation? operation, EncryptionContext? context, IReadOnlyList<string>? grantTokens)
    {
        var key = entry.Key;
        var contextMap = context is null || context.Count == 0
            ? EmptyContext
            : context.Pairs.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var tokenGrants = GrantsFromTokens(entry, grantTokens);
        var decision = EvaluatePolicy(caller, key, action, contextMap, grantIsForAwsResource: null);
        if (decision.ExplicitDeny)
        {
            throw KmsErrors.ExplicitlyDenied(caller.PrincipalArn, action, key.Arn);
        }

        if (decision.Allowed)
        {
            return;
        }

        if (operation is { } op && entry.Grants.Concat(tokenGrants).Any(grant => GrantAllows(grant, caller, op, contextMap)))
        {
            return;
        }

        throw KmsErrors.AccessDenied(caller.PrincipalArn, action, key.Arn);
    }

    /// <summary>What the key policy says of <paramref name="action"/> by <paramref name="caller"/> (grants aside).</summary>
    private PolicyDecision EvaluatePolicy(KmsCaller caller, KmsKey key, string action, IReadOnlyDictionary<string, string> context, bool? grantIsForAwsResource) =>
        PolicyEvaluator.Evaluate(PolicyOf(key), new PolicyRequest
        {
            CallerAccount = caller.Account,
            PrincipalArn = caller.PrincipalArn,
            Action = action,
            KeyArn = key.Arn,
            KeyAccount = key.Account,
            ViaService = caller.ViaService,
            EncryptionContext = context,
            GrantIsForAwsResource = grantIsForAwsResource,
        });

    /// <summary>The states in which cryptographic operations work: Enabled only.</summary>
    internal static void RequireEnabled(KmsKey key)
    {
        switch (key.State)
        {
            case KeyState.Enabled or KeyState.Updating:
                return;
            case KeyState.Disabled:
                throw KmsErrors.Disabled(key.Arn);
            default:
                throw KmsErrors.InvalidState(key.Arn, key.State);
        }
    }

    /// <summary>The states in which a key can be managed: any but pending deletion.</summary>
    internal static void RequireNotPendingDeletion(KmsKey key)
    {
        if (key.State is KeyState.PendingDeletion or KeyState.PendingReplicaDeletion)
        {
            throw KmsErrors.InvalidState(key.Arn, key.State);
        }
    }

    /// <summary>Refuses management of AWS managed keys, as AWS does.</summary>
    internal static void RequireCustomerManaged(KmsKey key, KmsCaller caller, string action)
    {
        if (key.KeyManager == KeyManagerType.Aws)
        {
            throw KmsErrors.AccessDenied(caller.PrincipalArn, action, key.Arn);
        }
    }

    /// <summary>The plaintext material of one generation of a key, unwrapped once and kept in pinned memory.</summary>
    internal SecretBuffer Material(KeyEntry entry, KeyMaterialId materialId)
    {
        var key = entry.Key;
        if (_materials.TryGetValue((key.Id, materialId), out var cached))
        {
            return cached;
        }

        var stored = entry.Materials.FirstOrDefault(m => m.Id == materialId) ?? throw KmsErrors.InvalidCiphertext();
        // A row under a root key this service was not given cannot be read: an operator's error (see RootKeyRotation).
        var unwrapper = _unwrappers.TryGetValue(stored.RootKeyFingerprint, out var found) ? found : throw KmsErrors.Internal();
        var material = unwrapper.Unwrap(key.Arn, materialId, stored.Wrapped);
        if (!_materials.TryAdd((key.Id, materialId), material))
        {
            material.Dispose();
        }

        return _materials[(key.Id, materialId)];
    }

    /// <summary>Generates, wraps and describes a new material generation of <paramref name="key"/>.</summary>
    internal KmsKeyMaterial NewMaterial(KmsKey key, KeyMaterialId id, string? rotationType)
    {
        using var material = KeyMaterialWrapper.GenerateMaterial();
        return new KmsKeyMaterial(id, _wrapper.Wrap(key.Arn, id, material.Span), _rootKeyFingerprint, _time.GetUtcNow(), rotationType);
    }

    /// <summary>Forgets a deleted key's material and policy.</summary>
    internal void Forget(Guid keyId)
    {
        foreach (var cached in _materials.Keys.Where(k => k.Key == keyId).ToList())
        {
            if (_materials.TryRemove(cached, out var material))
            {
                material.Dispose();
            }
        }

        _policies.TryRemove(keyId, out _);
    }

    internal static string KeyArn(AccountId account, string region, string keyId) => $"arn:aws:kms:{region}:{account}:key/{keyId}";

    internal static string AliasArn(AccountId account, string region, string aliasName) => $"arn:aws:kms:{region}:{account}:{aliasName}";

    private static readonly IReadOnlyDictionary<string, string> EmptyContext = new Dictionary<string, string>(StringComparer.Ordinal);

    private KeyPolicy PolicyOf(KmsKey key)
    {
        if (_policies.TryGetValue(key.Id, out var cached) && ReferenceEquals(cached.Text, key.Policy))
        {
            return cached.Policy;
        }

        // A stored policy was validated when it was put; one that no longer parses denies everything but the owner's
        // root, which can then replace it.
        var policy = KeyPolicy.TryParse(key.Policy, out var parsed, out _) ? parsed : KeyPolicy.Parse(DefaultKeyPolicy.For(key.Account));
        _policies[key.Id] = (key.Policy, policy);
        return policy;
    }

    private static List<KmsGrant> GrantsFromTokens(KeyEntry entry, IReadOnlyList<string>? grantTokens)
    {
        var grants = new List<KmsGrant>();
        if (grantTokens is null || grantTokens.Count == 0)
        {
            return grants;
        }

        foreach (var token in grantTokens)
        {
            if (!GrantToken.TryReadGrantId(token, out var grantId))
            {
                throw KmsErrors.InvalidGrantToken();
            }

            var grant = entry.Grants.FirstOrDefault(g => g.GrantId == grantId);
            if (grant is not null && GrantToken.Verify(token, grantId, grant.Secret))
            {
                grants.Add(grant);
            }
        }

        return grants;
    }

    private static bool GrantAllows(KmsGrant grant, KmsCaller caller, GrantOperation operation, IReadOnlyDictionary<string, string> context) =>
        IsGrantee(grant.GranteePrincipal, caller) &&
        // A grant to a service principal serves that service acting for the grant's own account only.
        (caller.ViaService is null || !string.Equals(grant.GranteePrincipal, caller.ViaService, StringComparison.Ordinal) || grant.IssuingAccount == caller.Account) &&
        grant.Operations.Contains(operation) &&
        (grant.Constraints is null || grant.Constraints.Permits(operation, context));

    /// <summary>
    /// The grantee is the caller's principal, the caller's account root (which stands for every principal of it), or
    /// the service principal the call came through (e.g. <c>rds.us-east-1.amazonaws.com</c>, as AWS services' grants name).
    /// </summary>
    internal static bool IsGrantee(string grantee, KmsCaller caller) =>
        string.Equals(grantee, caller.PrincipalArn, StringComparison.Ordinal) ||
        string.Equals(grantee, $"arn:aws:iam::{caller.Account}:root", StringComparison.Ordinal) ||
        (caller.ViaService is not null && string.Equals(grantee, caller.ViaService, StringComparison.Ordinal));
}
