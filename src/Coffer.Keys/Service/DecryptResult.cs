using Coffer.Keys.Crypto;

namespace Coffer.Keys.Service;

/// <summary>A decrypted plaintext in pinned memory (the caller disposes it, which zeroes it) and the key's ARN.</summary>
public sealed record DecryptResult(string KeyArn, SecretBuffer Plaintext) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Plaintext.Dispose();
}
