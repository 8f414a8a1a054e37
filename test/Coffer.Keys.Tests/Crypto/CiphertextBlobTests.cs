using System.Security.Cryptography;
using Coffer.Keys.Crypto;

namespace Coffer.Keys.Tests.Crypto;

public sealed partial class CiphertextBlobTests
{
    private static readonly Guid KeyId = Guid.Parse("1234abcd-12ab-34cd-56ef-1234567890ab");
    private static readonly KeyMaterialId MaterialId = KeyMaterialId.CreateRandom();
    private static readonly byte[] Material = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Plaintext = "attack at dawn"u8.ToArray();
    private static readonly EncryptionContext Context = Contexts.Of(("aws:rds:dbc-id", "cluster-ABC"));

    [Fact]
    public void Seal_ThenTryOpen_ReturnsThePlaintext()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);

        Assert.True(CiphertextBlob.TryOpen(blob, Material, Context, out var opened));
        using (opened)
        {
            Assert.Equal(Plaintext, opened.ReadOnlySpan.ToArray());
        }
    }

    [Fact]
    public void TryOpen_IntoSpan_WritesThePlaintextLength()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);
        var destination = new byte[Plaintext.Length + 10];

        Assert.True(CiphertextBlob.TryOpen(blob, Material, Context, destination, out var written));
        Assert.Equal(Plaintext.Length, written);
        Assert.Equal(Plaintext, destination[..written]);
    }

    [Fact]
    public void Seal_EmptyPlaintextAndContext_RoundTrips()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, [], EncryptionContext.Empty);

        Assert.Equal(CiphertextBlob.Overhead, blob.Length);
        Assert.True(CiphertextBlob.TryOpen(blob, Material, EncryptionContext.Empty, out var opened));
        Assert.Equal(0, opened.Length);
    }

    [Fact]
    public void Seal_Always_WritesHeaderAndAdds79Bytes()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);

        Assert.Equal(Plaintext.Length + 79, blob.Length);
        Assert.Equal([0x4B, 0x01, 0x01], blob[..3]);
        Assert.Equal(Convert.FromHexString("1234abcd12ab34cd56ef1234567890ab"), blob[3..19]);
        Assert.Equal(MaterialId.ToByteArray(), blob[19..35]);
    }

    [Fact]
    public void Seal_SameInputsTwice_UsesFreshSaltAndIv()
    {
        var a = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);
        var b = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);

        Assert.NotEqual(a[35..51], b[35..51]);
        Assert.NotEqual(a[51..63], b[51..63]);
        Assert.NotEqual(a[63..], b[63..]);
    }

    [Fact]
    public void TryParseHeader_SealedBlob_ReturnsTheFields()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);

        Assert.True(CiphertextBlob.TryParseHeader(blob, out var header));
        Assert.Equal(KeyId, header.KeyId);
        Assert.Equal(MaterialId, header.MaterialId);
        Assert.False(header.IsMultiRegionKey);
        Assert.Equal(Plaintext.Length, header.PlaintextLength);
        Assert.Equal("1234abcd-12ab-34cd-56ef-1234567890ab", header.FormatKeyId());
    }

    [Fact]
    public void TryParseHeader_MultiRegionFlag_RendersMrkIdButDoesNotOpen()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);
        blob[2] |= 0x80;

        Assert.True(CiphertextBlob.TryParseHeader(blob, out var header));
        Assert.True(header.IsMultiRegionKey);
        Assert.Equal("mrk-1234abcd12ab34cd56ef1234567890ab", header.FormatKeyId());
        Assert.False(CiphertextBlob.TryOpen(blob, Material, Context, out _));
    }

    [Fact]
    public void TryOpen_WrongMaterial_Fails()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);

        Assert.False(CiphertextBlob.TryOpen(blob, RandomNumberGenerator.GetBytes(32), Context, out var opened));
        Assert.Null(opened);
    }

    [Fact]
    public void TryOpen_MotoAmbiguousContext_Fails()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Contexts.Of(("ab", "c")));

        Assert.False(CiphertextBlob.TryOpen(blob, Material, Contexts.Of(("a", "bc")), out _));
        Assert.True(CiphertextBlob.TryOpen(blob, Material, Contexts.Of(("ab", "c")), out _));
    }

    [Theory]
    [InlineData("aws:rds:dbc-id", "cluster-abc")]
    [InlineData("AWS:RDS:DBC-ID", "cluster-ABC")]
    [InlineData("aws:rds:dbc-id", "cluster-ABC", "aws:ebs:id", "vol-1")]
    [InlineData]
    public void TryOpen_OtherContext_Fails(params string[] flatPairs)
    {
        var pairs = flatPairs.Chunk(2).Select(pair => (pair[0], pair[1])).ToArray();
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);

        Assert.False(CiphertextBlob.TryOpen(blob, Material, Contexts.Of(pairs), out _));
    }

    [Fact]
    public void TryOpen_SameContextBuiltInAnotherOrder_Succeeds()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Contexts.Of(("a", "1"), ("b", "2")));

        Assert.True(CiphertextBlob.TryOpen(blob, Material, Contexts.Of(("b", "2"), ("a", "1")), out _));
    }

    [Fact]
    public void TryOpen_AnyFlippedBit_FailsToParseOrOpen()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, "tiny"u8, Context);
        for (var bit = 0; bit < blob.Length * 8; bit++)
        {
            var tampered = (byte[])blob.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            var opened = CiphertextBlob.TryParseHeader(tampered, out _) && CiphertextBlob.TryOpen(tampered, Material, Context, out _);

            Assert.False(opened, $"flipping bit {bit % 8} of byte {bit / 8} was not detected");
        }
    }

    [Fact]
    public void TryOpen_EveryTruncation_FailsWithoutThrowing()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);
        for (var length = 0; length < blob.Length; length++)
        {
            Assert.False(CiphertextBlob.TryOpen(blob.AsSpan(0, length), Material, Context, out _), $"a blob cut to {length} bytes opened");
        }
    }

    [Fact]
    public void TryOpen_ExtraTrailingByte_Fails()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);

        Assert.False(CiphertextBlob.TryOpen([.. blob, 0], Material, Context, out _));
    }

    [Fact]
    public void TryOpen_Failure_ZeroesTheDestination()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);
        var destination = Enumerable.Repeat((byte)0xFF, Plaintext.Length).ToArray();

        Assert.False(CiphertextBlob.TryOpen(blob, Material, EncryptionContext.Empty, destination, out var written));
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryOpen_DestinationTooSmall_Throws()
    {
        var blob = CiphertextBlob.Seal(KeyId, MaterialId, Material, Plaintext, Context);

        Assert.Throws<ArgumentException>(() => CiphertextBlob.TryOpen(blob, Material, Context, new byte[Plaintext.Length - 1], out _));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void Seal_MaterialNot32Bytes_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => CiphertextBlob.Seal(KeyId, MaterialId, new byte[length], Plaintext, Context));
    }

    [Fact]
    public void Seal_PlaintextOverSanityBound_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CiphertextBlob.Seal(KeyId, MaterialId, Material, new byte[CiphertextBlob.MaxPlaintextLength + 1], Context));
    }
}
