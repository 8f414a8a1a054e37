using System.Security.Cryptography;
using Coffer.Keys.Grants;
using Coffer.Keys.Identifiers;
using Coffer.Keys.Policies;
using Coffer.Keys.Store;

namespace Coffer.Keys.Service;

/// <summary>
/// Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant, and the in-process channel through
/// which Coffer's own services (RDS) create grants for their service principal.
/// </summary>
/// <remarks>
/// A grant takes effect as soon as it is stored: <see cref="Authorize"/> reads the key's grants on every call, and a
/// token passed in GrantTokens makes its grant usable in the same call.
/// </remarks>
public sealed partial class KeyService
{
    /// <summary>
    /// CreateGrant: a key id or key ARN (another account's key by ARN only). Allowed by <c>kms:CreateGrant</c> in the key
    /// policy, or by a grant of the caller that includes CreateGrant — then the new grant may only allow operations of
    /// that grant, with constraints at least as strict. With a <see cref="CreateGrantInput.Name"/> that a grant of the
    /// key already has with the same parameters, that grant's id comes back with a new token; a Name with other
    /// parameters makes a new grant.
    /// </summary>
    public async Task<CreateGrantResult> CreateGrantAsync(KmsCaller caller, string? keyId, CreateGrantInput input, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (!CreateGrantValidator.TryValidate(input, out var operations, out var error))
        {
            throw KmsErrors.Validation(error);
        }

        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.IdOrArn, crossAccount: true, createManaged: false, cancellationToken);
        var constraints = input.Constraints is { IsEmpty: false } c ? c : null;
        AuthorizeCreateGrant(caller, entry, operations, constraints, input.GrantTokens, grantIsForAwsResource: false);
        RequireEnabled(entry.Key);
        if (dryRun)
        {
            throw KmsErrors.DryRun();
        }

        return await AddGrantAsync(caller, entry, input.GranteePrincipal!, input.RetiringPrincipal, operations, constraints, input.Name, cancellationToken);
    }

    /// <summary>
    /// The in-process channel of Coffer's own services, never reachable over HTTP: creates a grant on
    /// <paramref name="keyId"/> (any of the four forms, so <c>alias/aws/rds</c> works and is created on first use) whose
    /// grantee is <paramref name="granteeServicePrincipal"/>, e.g. <c>rds.us-east-1.amazonaws.com</c>. The key policy
    /// must allow <c>kms:CreateGrant</c> to <paramref name="callerViaService"/> — the end user, with
    /// <see cref="KmsCaller.ViaService"/> set, so <c>kms:ViaService</c> holds, and <c>kms:GrantIsForAWSResource</c> true.
    /// </summary>
    /// <remarks>
    /// The service then uses the key "as the grantee": it calls <see cref="GenerateDataKeyAsync"/>, <see cref="DecryptAsync"/>
    /// and the rest with a <see cref="KmsCaller"/> whose <see cref="KmsCaller.ViaService"/> is the grantee principal
    /// (<c>caller.Via("rds")</c>), which <see cref="IsGrantee"/> matches, and an encryption context that satisfies the
    /// grant's constraints (for RDS, <c>{"aws:rds:dbc-id": "cluster-…"}</c>). The service is trusted to call through a
    /// grant only for the resource it was created for; constraints bind the grant to that resource.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="callerViaService"/> has no ViaService, or the grantee is not a service principal.</exception>
    public async Task<CreateGrantResult> CreateServiceGrantAsync(
        KmsCaller callerViaService, string keyId, string granteeServicePrincipal, IReadOnlyList<GrantOperation> operations,
        GrantConstraints? constraints, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callerViaService);
        ArgumentNullException.ThrowIfNull(operations);
        if (callerViaService.ViaService is null)
        {
            throw new ArgumentException("A service grant is created through a service: the caller must have ViaService set.", nameof(callerViaService));
        }

        if (!PrincipalMatcher.IsValidServicePrincipal(granteeServicePrincipal))
        {
            throw new ArgumentException($"'{granteeServicePrincipal}' is not a service principal.", nameof(granteeServicePrincipal));
        }

        if (operations.Count == 0 || (name is not null && !CreateGrantValidator.IsValidName(name)))
        {
            throw new ArgumentException("A service grant needs at least one operation and, if named, a valid name.", nameof(operations));
        }

        var entry = await ResolveAsync(callerViaService, keyId, KeyReferenceForms.Any, crossAccount: true, createManaged: true, cancellationToken);
        var effective = constraints is { IsEmpty: false } ? constraints : null;
        var decision = EvaluatePolicy(callerViaService, entry.Key, "kms:CreateGrant", EmptyContext, grantIsForAwsResource: true);
        if (!decision.Allowed || decision.ExplicitDeny)
        {
            throw decision.ExplicitDeny
                ? KmsErrors.ExplicitlyDenied(callerViaService.PrincipalArn, "kms:CreateGrant", entry.Key.Arn)
                : KmsErrors.AccessDenied(callerViaService.PrincipalArn, "kms:CreateGrant", entry.Key.Arn);
        }

        RequireEnabled(entry.Key);
        return await AddGrantAsync(callerViaService, entry, granteeServicePrincipal, null, [.. operations.Distinct()], effective, name, cancellationToken);
    }

    /// <summary>
    /// ListGrants: the grants of a key (id or ARN; another account's by ARN), optionally only one grant id or one
    /// grantee, <paramref name="limit"/> at a time in grant-id order after <paramref name="marker"/>. Needs kms:ListGrants.
    /// </summary>
    public async Task<(IReadOnlyList<KmsGrant> Grants, string KeyArn, string? NextMarker)> ListGrantsAsync(
        KmsCaller caller, string? keyId, string? grantId, string? granteePrincipal, int limit, string? marker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.IdOrArn, crossAccount: true, createManaged: false, cancellationToken);
        Authorize(caller, entry, "kms:ListGrants", null, null, null);
        if (grantId is not null && !IsWellFormedGrantId(grantId))
        {
            throw KmsErrors.InvalidGrantId(grantId);
        }

        var grants = entry.Grants.Where(g => (grantId is null || g.GrantId == grantId) && (granteePrincipal is null || g.GranteePrincipal == granteePrincipal));
        var (page, next) = Page(grants, "grants", limit, marker);
        return (page, entry.Key.Arn, next);
    }

    /// <summary>
    /// ListRetirableGrants: the grants, on keys of any account in the caller's region, whose retiring principal is
    /// <paramref name="retiringPrincipal"/>, a principal of the caller's account. Authorised by IAM in AWS; here every
    /// principal of the account may list.
    /// </summary>
    public (IReadOnlyList<KmsGrant> Grants, string? NextMarker) ListRetirableGrants(KmsCaller caller, string retiringPrincipal, int limit, string? marker)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(retiringPrincipal);
        if (!Primitives.Arn.TryParse(retiringPrincipal, out var arn) || arn.Account != caller.Account.Value)
        {
            throw KmsErrors.AccessDenied($"User: {caller.PrincipalArn} is not authorized to perform: kms:ListRetirableGrants for a retiring principal of another account ({retiringPrincipal})");
        }

        var grants = _store.AllGrants.Where(g => g.RetiringPrincipal == retiringPrincipal && _store.Find(g.KeyId)?.Key.Region == caller.Region);
        return Page(grants, "retirable-grants", limit, marker);
    }

    /// <summary>The ARN of the key a grant belongs to (for listings).</summary>
    public string KeyArnOf(KmsGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return _store.Find(grant.KeyId)?.Key.Arn ?? throw KmsErrors.GrantNotFound(grant.GrantId, grant.KeyId.ToString("D"));
    }

    /// <summary>
    /// RetireGrant: the grant named by <paramref name="grantToken"/>, or by <paramref name="keyArn"/> (a key ARN only) and
    /// <paramref name="grantId"/>. Allowed for the grant's retiring principal, its grantee when the grant includes
    /// RetireGrant, and principals of the account that issued it. Works in every key state.
    /// </summary>
    public async Task RetireGrantAsync(KmsCaller caller, string? grantToken, string? keyArn, string? grantId, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        KmsGrant grant;
        string arn;
        if (grantToken is not null)
        {
            if (!GrantToken.TryReadGrantId(grantToken, out var tokenGrantId) || _store.FindGrant(tokenGrantId) is not { } found
                || !GrantToken.Verify(grantToken, found.GrantId, found.Secret) || _store.Find(found.KeyId) is not { } owner)
            {
                throw KmsErrors.InvalidGrantToken();
            }

            (grant, arn) = (found, owner.Key.Arn);
        }
        else
        {
            if (keyArn is null || grantId is null)
            {
                throw KmsErrors.Validation("RetireGrant needs a GrantToken, or both a KeyId (a key ARN) and a GrantId.");
            }

            var entry = await ResolveAsync(caller, keyArn, KeyReferenceForms.KeyArn, crossAccount: true, createManaged: false, cancellationToken);
            (grant, arn) = (FindGrant(entry, grantId), entry.Key.Arn);
        }

        var allowed = IsGrantee(grant.RetiringPrincipal ?? string.Empty, caller)
            || (grant.Operations.Contains(GrantOperation.RetireGrant) && IsGrantee(grant.GranteePrincipal, caller))
            || caller.Account == grant.IssuingAccount;
        if (!allowed)
        {
            throw KmsErrors.AccessDenied(caller.PrincipalArn, "kms:RetireGrant", arn);
        }

        if (dryRun)
        {
            throw KmsErrors.DryRun();
        }

        await _store.RemoveGrantAsync(grant, cancellationToken);
    }

    /// <summary>RevokeGrant: a key id or ARN and a grant id; needs kms:RevokeGrant in the key policy. Works in every key state.</summary>
    public async Task RevokeGrantAsync(KmsCaller caller, string? keyId, string grantId, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(grantId);
        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.IdOrArn, crossAccount: true, createManaged: false, cancellationToken);
        Authorize(caller, entry, "kms:RevokeGrant", null, null, null);
        var grant = FindGrant(entry, grantId);
        if (dryRun)
        {
            throw KmsErrors.DryRun();
        }

        await _store.RemoveGrantAsync(grant, cancellationToken);
    }

    /// <summary>
    /// Whether a child grant's constraints are at least as strict as its parent's: none on the parent allows anything;
    /// an EncryptionContextEquals parent needs the same pairs exactly; an EncryptionContextSubset parent needs a child
    /// constraint (either kind) that contains its pairs.
    /// </summary>
    internal static bool IsAtLeastAsStrict(GrantConstraints? parent, GrantConstraints? child)
    {
        if (parent is null || parent.IsEmpty)
        {
            return true;
        }

        if (child is null || child.IsEmpty)
        {
            return false;
        }

        if (child.EncryptionContextEquals is { } equals)
        {
            return parent.Permits(equals);
        }

        return parent.EncryptionContextEquals is null && parent.Permits(child.EncryptionContextSubset!);
    }

    private void AuthorizeCreateGrant(
        KmsCaller caller, KeyEntry entry, IReadOnlyList<GrantOperation> operations, GrantConstraints? constraints, IReadOnlyList<string>? grantTokens, bool grantIsForAwsResource)
    {
        var key = entry.Key;
        var tokenGrants = GrantsFromTokens(entry, grantTokens);
        var decision = EvaluatePolicy(caller, key, "kms:CreateGrant", EmptyContext, grantIsForAwsResource);
        if (decision.ExplicitDeny)
        {
            throw KmsErrors.ExplicitlyDenied(caller.PrincipalArn, "kms:CreateGrant", key.Arn);
        }

        if (decision.Allowed)
        {
            return;
        }

        var byGrant = entry.Grants.Where(g => IsGrantee(g.GranteePrincipal, caller)).Concat(tokenGrants).Any(parent =>
            parent.Operations.Contains(GrantOperation.CreateGrant)
            && operations.All(parent.Operations.Contains)
            && IsAtLeastAsStrict(parent.Constraints, constraints));
        if (!byGrant)
        {
            throw KmsErrors.AccessDenied(caller.PrincipalArn, "kms:CreateGrant", key.Arn);
        }
    }

    private async Task<CreateGrantResult> AddGrantAsync(
        KmsCaller caller, KeyEntry entry, string grantee, string? retiring, IReadOnlyList<GrantOperation> operations, GrantConstraints? constraints, string? name, CancellationToken cancellationToken)
    {
        if (name is not null && entry.Grants.FirstOrDefault(g => g.Name == name && g.GranteePrincipal == grantee && g.RetiringPrincipal == retiring
            && g.Operations.Order().SequenceEqual(operations.Order()) && SameConstraints(g.Constraints, constraints)) is { } existing)
        {
            return new CreateGrantResult(existing.GrantId, GrantToken.Issue(existing.GrantId, existing.Secret), entry.Key.Arn);
        }

        var grant = new KmsGrant
        {
            GrantId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            KeyId = entry.Key.Id,
            Name = name,
            GranteePrincipal = grantee,
            RetiringPrincipal = retiring,
            Operations = operations,
            Constraints = constraints,
            IssuingAccount = caller.Account,
            CreationDate = _time.GetUtcNow(),
            Secret = GrantToken.CreateSecret(),
        };
        await _store.AddGrantAsync(grant, cancellationToken);
        return new CreateGrantResult(grant.GrantId, GrantToken.Issue(grant.GrantId, grant.Secret), entry.Key.Arn);
    }

    private static KmsGrant FindGrant(KeyEntry entry, string grantId) =>
        !IsWellFormedGrantId(grantId)
            ? throw KmsErrors.InvalidGrantId(grantId)
            : entry.Grants.FirstOrDefault(g => g.GrantId == grantId) ?? throw KmsErrors.GrantNotFound(grantId, entry.Key.Arn);

    /// <summary>Grant ids are 64 lowercase hex digits; anything else cannot name a grant.</summary>
    private static bool IsWellFormedGrantId(string grantId) => grantId.Length == 64 && grantId.All(char.IsAsciiHexDigitLower);

    private static (IReadOnlyList<KmsGrant> Page, string? NextMarker) Page(IEnumerable<KmsGrant> grants, string listing, int limit, string? marker)
    {
        var after = marker is null ? null : Pagination.ReadMarker(marker, listing);
        var page = grants
            .Where(g => after is null || string.CompareOrdinal(g.GrantId, after) > 0)
            .OrderBy(g => g.GrantId, StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        return page.Count > limit ? (page[..limit], Pagination.Marker(listing, page[limit - 1].GrantId)) : (page, null);
    }

    private static bool SameConstraints(GrantConstraints? a, GrantConstraints? b) =>
        SamePairs(a?.EncryptionContextSubset, b?.EncryptionContextSubset) && SamePairs(a?.EncryptionContextEquals, b?.EncryptionContextEquals);

    private static bool SamePairs(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
