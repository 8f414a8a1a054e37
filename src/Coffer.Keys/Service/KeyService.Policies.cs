using Coffer.Keys.Identifiers;
using Coffer.Keys.Policies;

namespace Coffer.Keys.Service;

/// <summary>GetKeyPolicy, PutKeyPolicy and ListKeyPolicies: every key has exactly one policy, named <c>default</c>.</summary>
public sealed partial class KeyService
{
    /// <summary>The only key policy name.</summary>
    public const string DefaultPolicyName = "default";

    /// <summary>GetKeyPolicy: the policy text exactly as stored, in any key state; AWS managed keys included (kms:Get*).</summary>
    public async Task<string> GetKeyPolicyAsync(KmsCaller caller, string? keyId, string policyName, CancellationToken cancellationToken)
    {
        var entry = await PolicyEntryAsync(caller, keyId, "kms:GetKeyPolicy", cancellationToken);
        return policyName == DefaultPolicyName ? entry.Key.Policy : throw KmsErrors.PolicyNotFound(policyName);
    }

    /// <summary>ListKeyPolicies: always <c>["default"]</c>, in any key state.</summary>
    public async Task<IReadOnlyList<string>> ListKeyPoliciesAsync(KmsCaller caller, string? keyId, CancellationToken cancellationToken)
    {
        await PolicyEntryAsync(caller, keyId, "kms:ListKeyPolicies", cancellationToken);
        return [DefaultPolicyName];
    }

    /// <summary>
    /// PutKeyPolicy: replaces the policy of a customer managed key, in any state. The document must parse
    /// (MalformedPolicyDocumentException otherwise, 32 KB at most) and, unless <paramref name="bypassPolicyLockoutSafetyCheck"/>,
    /// must still let the caller put the policy again.
    /// </summary>
    public Task<KmsKey> PutKeyPolicyAsync(KmsCaller caller, string? keyId, string policyName, string policy, bool bypassPolicyLockoutSafetyCheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return MutateAsync(caller, keyId, PolicyLockoutCheck.PutKeyPolicyAction, key =>
        {
            if (policyName != DefaultPolicyName)
            {
                throw KmsErrors.PolicyNotFound(policyName);
            }

            var parsed = ParsePolicy(policy);
            if (!bypassPolicyLockoutSafetyCheck && PolicyLockoutCheck.WouldLockOut(parsed, caller.Account, caller.PrincipalArn, key.Arn, key.Account))
            {
                throw KmsErrors.MalformedPolicy(PolicyMessages.Lockout);
            }

            return key with { Policy = policy };
        }, cancellationToken);
    }

    private async ValueTask<Store.KeyEntry> PolicyEntryAsync(KmsCaller caller, string? keyId, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = await ResolveAsync(caller, keyId, KeyReferenceForms.IdOrArn, crossAccount: false, createManaged: false, cancellationToken);
        Authorize(caller, entry, action, null, null, null);
        return entry;
    }
}
