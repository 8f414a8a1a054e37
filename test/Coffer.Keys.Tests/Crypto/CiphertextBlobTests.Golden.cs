using Coffer.Keys.Crypto;

namespace Coffer.Keys.Tests.Crypto;

public sealed partial class CiphertextBlobTests
{
    // Frozen format v1. Computed independently (Python 'cryptography': HKDF-SHA256 and AESGCM) from the inputs below;
    // if this test fails, the on-disk/on-wire format changed and every stored ciphertext would stop decrypting.
    private const string GoldenBlobHex =
        "4b0101" // magic, version, algorithm
        + "1234abcd12ab34cd56ef1234567890ab" // key id, RFC 4122 byte order
        + "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf" // material id
        + "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf" // HKDF salt
        + "c0c1c2c3c4c5c6c7c8c9cacb" // GCM IV
        + "a62ab0a7ef09065a175d77d910e5" // ciphertext of "Hello, Coffer!"
        + "e1da22e259ede4bf47c8e2213d412694"; // tag

    private static readonly byte[] GoldenMaterial = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly EncryptionContext GoldenContext = Contexts.Of(("purpose", "golden"), ("aws:rds:dbc-id", "cluster-ABC"));

    [Fact]
    public void Seal_GoldenInputs_ProducesTheFrozenBlob()
    {
        var blob = CiphertextBlob.Seal(
            KeyId,
            KeyMaterialId.FromBytes(Convert.FromHexString("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")),
            GoldenMaterial,
            "Hello, Coffer!"u8,
            GoldenContext,
            Convert.FromHexString("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"),
            Convert.FromHexString("c0c1c2c3c4c5c6c7c8c9cacb"));

        Assert.Equal(GoldenBlobHex, Convert.ToHexStringLower(blob));
    }

    [Fact]
    public void TryOpen_FrozenBlob_ReturnsTheGoldenPlaintext()
    {
        var blob = Convert.FromHexString(GoldenBlobHex);

        Assert.True(CiphertextBlob.TryParseHeader(blob, out var header));
        Assert.Equal("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", header.MaterialId.ToString());
        Assert.True(CiphertextBlob.TryOpen(blob, GoldenMaterial, GoldenContext, out var plaintext));
        using (plaintext)
        {
            Assert.Equal("Hello, Coffer!"u8.ToArray(), plaintext.ReadOnlySpan.ToArray());
        }
    }
}
