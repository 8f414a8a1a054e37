using Coffer.Keys.Crypto;
using Coffer.Storage;

namespace Coffer.Keys.Store;

/// <summary>
/// Re-wraps every generation of key material under a new root key, crash-safely and resumably.
/// </summary>
/// <remarks>
/// <para>The protocol. Every material row records the fingerprint of the root key that wrapped it
/// (<c>kms_key_materials.root_key</c>). Rows are rewritten one at a time, each in its own transaction that replaces
/// the wrapped bytes and the fingerprint together; so at any instant, including after a crash, each row is
/// readable under exactly the one key its fingerprint names, the old or the new. A rerun skips rows already under
/// the new key and finishes the rest. The key service unwraps each row with the key its fingerprint names, so a
/// server given both keys works at every point of the rotation; a server not given a key some row names refuses
/// to start (<see cref="MissingFingerprints"/>), instead of failing later on that key's first use.</para>
/// <para>Only key material moves. The metadata volume's page key and the accounts' sealed secrets are derived
/// from the volume's root key, and the storage engine cannot re-key a volume yet: that key stays in use.</para>
/// </remarks>
public static class RootKeyRotation
{
    /// <summary>The fingerprints the material rows name that are not among <paramref name="known"/>.</summary>
    public static IReadOnlySet<string> MissingFingerprints(KeyStore store, IEnumerable<RootKey> known)
    {
        ArgumentNullException.ThrowIfNull(store);
        var held = known.Select(k => k.Fingerprint).ToHashSet(StringComparer.Ordinal);
        return Rows(store).Select(r => r.Material.RootKeyFingerprint).Where(f => !held.Contains(f)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Re-wraps every row not yet under <paramref name="newRootKey"/>, unwrapping each with the one of
    /// <paramref name="currentRootKeys"/> its fingerprint names. <paramref name="afterRow"/> runs after each committed
    /// row with the count so far (tests inject crashes there).
    /// </summary>
    /// <exception cref="InvalidOperationException">A row names a root key that is neither given nor the new one; nothing after it was rewritten.</exception>
    public static async Task<(int Rewrapped, int Skipped)> RewrapAsync(
        KeyStore store, RootKey newRootKey, IEnumerable<RootKey> currentRootKeys, Action<int>? afterRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(newRootKey);
        var target = newRootKey.Fingerprint;
        using var wrapper = new KeyMaterialWrapper(newRootKey);
        var unwrappers = new Dictionary<string, KeyMaterialWrapper>(StringComparer.Ordinal);
        try
        {
            foreach (var key in currentRootKeys.Where(k => k.Fingerprint != target))
            {
                unwrappers.TryAdd(key.Fingerprint, new KeyMaterialWrapper(key));
            }

            int rewrapped = 0, skipped = 0;
            foreach (var (key, material) in Rows(store))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (material.RootKeyFingerprint == target)
                {
                    skipped++;
                    continue;
                }

                if (!unwrappers.TryGetValue(material.RootKeyFingerprint, out var unwrapper))
                {
                    throw new InvalidOperationException($"Key material {material.Id} of {key.Arn} is wrapped under root key {material.RootKeyFingerprint}, which was not given.");
                }

                using (var plain = unwrapper.Unwrap(key.Arn, material.Id, material.Wrapped))
                {
                    var moved = material with { Wrapped = wrapper.Wrap(key.Arn, material.Id, plain.ReadOnlySpan), RootKeyFingerprint = target };
                    await store.RewrapMaterialAsync(key.Id, moved, cancellationToken);
                }

                rewrapped++;
                afterRow?.Invoke(rewrapped);
            }

            return (rewrapped, skipped);
        }
        finally
        {
            foreach (var unwrapper in unwrappers.Values)
            {
                unwrapper.Dispose();
            }
        }
    }

    private static IEnumerable<(KmsKey Key, KmsKeyMaterial Material)> Rows(KeyStore store) =>
        store.AllKeys.OrderBy(k => k.KeyId, StringComparer.Ordinal).ToList()
            .SelectMany(k => store.Find(k.Id)?.Materials.Select(m => (k, m)) ?? []);
}
