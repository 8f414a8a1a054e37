using Coffer.Keys.Crypto;

namespace Coffer.Keys.Service;

/// <summary>
/// A data key made under a key: the key's ARN, the material generation that sealed it, the sealed copy, and — for
/// GenerateDataKey only — the plaintext in pinned memory, which <see cref="Dispose"/> zeroes.
/// </summary>
public sealed record DataKeyResult(string KeyArn, KeyMaterialId MaterialId, byte[] CiphertextBlob, SecretBuffer? Plaintext) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Plaintext?.Dispose();
}
