using Coffer.Keys.Crypto;
using Coffer.Keys.Identifiers;

namespace Coffer.Keys.Service;

/// <summary>Naming the key of a call that failed, for its audit record.</summary>
public sealed partial class KeyService
{
    /// <summary>
    /// The ARN of the key a request names — by <paramref name="keyId"/> in any form, or by the header of
    /// <paramref name="ciphertext"/> — so that the audit record of a call that failed (a disabled key, a wrong context)
    /// names the key as CloudTrail does. No authorisation and no side effects: an AWS managed alias whose key does not
    /// exist yet names nothing; a key ARN of another account is returned only when that key exists.
    /// </summary>
    public string? KeyArnForAudit(KmsCaller caller, string? keyId, ReadOnlySpan<byte> ciphertext)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (keyId is not null && KeyReference.TryParse(keyId, KeyReferenceForms.Any, out var reference, out _, out _))
        {
            var account = reference.Account ?? caller.Account;
            var region = reference.Region ?? caller.Region;
            var target = reference.IsAlias
                ? _store.FindAlias(account, region, reference.AliasName!)?.TargetKeyId
                : reference.KeyGuid;
            if (target is { } id && _store.Find(id)?.Key is { } key && key.Account == account && key.Region == region)
            {
                return key.Arn;
            }
        }

        return !ciphertext.IsEmpty && CiphertextBlob.TryParseHeader(ciphertext, out var header) && _store.Find(header.KeyId)?.Key is { } blobKey && blobKey.Region == caller.Region
            ? blobKey.Arn
            : null;
    }
}
