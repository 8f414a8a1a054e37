using Coffer.Primitives;

namespace Coffer.Keys.Policies;

/// <summary>
/// The policy lockout safety check CreateKey and PutKeyPolicy run unless <c>BypassPolicyLockoutSafetyCheck</c> is
/// set: the new policy must still let the calling principal call <c>kms:PutKeyPolicy</c> on the key.
/// </summary>
/// <remarks>
/// The later PutKeyPolicy is evaluated as a direct call (no <c>kms:ViaService</c>, no encryption context), so a
/// policy that allows PutKeyPolicy only through a service, or denies it to the caller, locks the caller out.
/// </remarks>
public static class PolicyLockoutCheck
{
    /// <summary>The action the caller must keep.</summary>
    public const string PutKeyPolicyAction = "kms:PutKeyPolicy";

    /// <summary>Returns <see langword="true"/> when <paramref name="newPolicy"/> would lock the caller out of the key's policy.</summary>
    public static bool WouldLockOut(KeyPolicy newPolicy, AccountId callerAccount, string principalArn, string keyArn, AccountId keyAccount)
    {
        ArgumentNullException.ThrowIfNull(newPolicy);
        ArgumentException.ThrowIfNullOrEmpty(principalArn);
        ArgumentException.ThrowIfNullOrEmpty(keyArn);
        var request = new PolicyRequest
        {
            CallerAccount = callerAccount,
            PrincipalArn = principalArn,
            Action = PutKeyPolicyAction,
            KeyArn = keyArn,
            KeyAccount = keyAccount,
        };
        return !PolicyEvaluator.Evaluate(newPolicy, request).Allowed;
    }

    /// <summary>Throws <see cref="PolicyDocumentException"/> with AWS's message when the caller would be locked out.</summary>
    public static void Ensure(KeyPolicy newPolicy, AccountId callerAccount, string principalArn, string keyArn, AccountId keyAccount)
    {
        if (WouldLockOut(newPolicy, callerAccount, principalArn, keyArn, keyAccount))
        {
            throw new PolicyDocumentException(PolicyMessages.Lockout);
        }
    }
}
