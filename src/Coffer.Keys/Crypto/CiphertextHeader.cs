namespace Coffer.Keys.Crypto;

/// <summary>
/// The clear header of a v1 ciphertext blob (see <see cref="CiphertextBlob"/>): which key and which generation of its
/// material sealed the message. Parsing a header proves nothing; only <see cref="CiphertextBlob.TryOpen(ReadOnlySpan{byte}, ReadOnlySpan{byte}, EncryptionContext, out SecretBuffer?)"/>
/// authenticates it.
/// </summary>
/// <param name="KeyId">The key's id as 16 bytes read in RFC 4122 (big-endian) order.</param>
/// <param name="MaterialId">The generation of key material that sealed the message.</param>
/// <param name="IsMultiRegionKey">The algorithm byte's high bit: the id is a multi-Region <c>mrk-</c> id.</param>
/// <param name="PlaintextLength">The length of the sealed plaintext.</param>
public readonly record struct CiphertextHeader(Guid KeyId, KeyMaterialId MaterialId, bool IsMultiRegionKey, int PlaintextLength)
{
    /// <summary>
    /// The key id as AWS renders it: the lowercase hyphenated UUID, or <c>mrk-</c> and 32 lowercase hex digits for a
    /// multi-Region key.
    /// </summary>
    public string FormatKeyId()
    {
        if (!IsMultiRegionKey)
        {
            return KeyId.ToString("D");
        }

        Span<byte> bytes = stackalloc byte[16];
        KeyId.TryWriteBytes(bytes, bigEndian: true, out _);
        return "mrk-" + Convert.ToHexStringLower(bytes);
    }
}
