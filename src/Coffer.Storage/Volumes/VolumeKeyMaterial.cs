namespace Coffer.Storage.Volumes;

/// <summary>
/// What a new encrypted volume is created with: its plaintext data key (used, never stored) and where that key came
/// from — the wrapped blob, the KMS key ARN and the encryption context — which the manifest keeps.
/// </summary>
/// <param name="DataKey">The 32-byte plaintext data key. The caller keeps ownership and zeroes it.</param>
/// <param name="WrappedKey">The data key as wrapped by the key service.</param>
/// <param name="KeyArn">The wrapping key's ARN, if any.</param>
/// <param name="EncryptionContext">The encryption context of the wrap.</param>
public sealed record VolumeKeyMaterial(byte[] DataKey, byte[] WrappedKey, string? KeyArn, IReadOnlyDictionary<string, string> EncryptionContext);
