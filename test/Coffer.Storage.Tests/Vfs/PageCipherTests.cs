using System.Buffers.Binary;
using Coffer.Storage.Vfs;

namespace Coffer.Storage.Tests.Vfs;

public sealed partial class PageCipherTests
{
    private static readonly byte[] DataKey = [.. Enumerable.Range(0x00, 32).Select(i => (byte)i)];
    private static readonly byte[] Salt = [.. Enumerable.Range(0xa0, 16).Select(i => (byte)i)];
    private static readonly byte[] EpochId = [.. Enumerable.Range(0xc0, 12).Select(i => (byte)i)];

    [Fact]
    public void Layout_Constants_AreTheDocumentedOnes()
    {
        Assert.Equal(4096, PageCipher.PageSize);
        Assert.Equal(32, PageCipher.ReservedBytes);
        Assert.Equal(4064, PageCipher.UsableSize);
    }

    [Fact]
    public void VolumeKeys_FixedDataKeyAndSalt_DeriveTheFrozenKeys()
    {
        using var keys = new VolumeKeys(DataKey, Salt);

        Assert.Equal("9082A067CBBA3F3AB2A7DA383E6398452FB2F17C2464051655B964508E4CFFBE", Convert.ToHexString(keys.PageKey));
        Assert.Equal("CFEC42CD092ED94AB604A5D561FF52BA4FD794EFD9A0777D4F0C142B678399ED", Convert.ToHexString(keys.WalChecksumKey));
        Assert.Equal("9A16623C2A84057C8F320A84EA70D3D7AE573BC0896BBC4A2DE5D4F69FCD8469", Convert.ToHexString(keys.ManifestKey));
    }

    [Fact]
    public void TryDecrypt_FrozenDatabasePage_ReturnsFrozenPlaintextWithZeroedTrailer()
    {
        using var cipher = FrozenCipher();
        var output = new byte[PageCipher.PageSize];
        output.AsSpan().Fill(0xee);

        Assert.True(cipher.TryDecrypt(Convert.FromHexString(FrozenDatabasePage5Hex), output, DatabaseAad(5)));

        Assert.Equal(FrozenPlaintext(), output[..PageCipher.UsableSize]);
        Assert.All(output[PageCipher.UsableSize..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void FrozenDatabasePage_Trailer_IsEpochIdThenCounterThenTag()
    {
        var page = Convert.FromHexString(FrozenDatabasePage5Hex);

        Assert.Equal(EpochId, page[4064..4076]);
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan(4076, 4)));
    }

    [Fact]
    public void TryDecrypt_FrozenWalPageImage_ReturnsFrozenPlaintext()
    {
        using var cipher = FrozenCipher();
        var output = new byte[PageCipher.PageSize];

        Assert.True(cipher.TryDecrypt(Convert.FromHexString(FrozenWalPageHex), output, WalAad(3, 9, 0x11223344, 0x55667788, 8272)));

        Assert.Equal(FrozenPlaintext(), output[..PageCipher.UsableSize]);
    }

    [Theory]
    [InlineData(4)] // another page number
    [InlineData(6)]
    [InlineData(0x0100_0005)]
    public void TryDecrypt_FrozenDatabasePageUnderAnotherPageNumber_FailsAndClearsOutput(int pageNumber)
    {
        using var cipher = FrozenCipher();
        var output = new byte[PageCipher.PageSize];
        output.AsSpan().Fill(0xee);

        Assert.False(cipher.TryDecrypt(Convert.FromHexString(FrozenDatabasePage5Hex), output, DatabaseAad(pageNumber)));

        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryDecrypt_FrozenDatabasePageAsWalImageOrWalImageAsDatabasePage_Fails()
    {
        using var cipher = FrozenCipher();
        var output = new byte[PageCipher.PageSize];

        Assert.False(cipher.TryDecrypt(Convert.FromHexString(FrozenDatabasePage5Hex), output, WalAad(5, 0, 0x11223344, 0x55667788, 8272)));
        Assert.False(cipher.TryDecrypt(Convert.FromHexString(FrozenWalPageHex), output, DatabaseAad(3)));
    }

    [Theory]
    [InlineData(3, 0, 0x11223344, 0x55667788, 8272)] // commit field changed
    [InlineData(3, 9, 0x11223345, 0x55667788, 8272)] // salt-1 changed
    [InlineData(3, 9, 0x11223344, 0x55667789, 8272)] // salt-2 changed
    [InlineData(3, 9, 0x11223344, 0x55667788, 4152)] // moved to frame 1
    [InlineData(4, 9, 0x11223344, 0x55667788, 8272)] // another page number
    public void TryDecrypt_FrozenWalPageWithAnyHeaderFieldChanged_Fails(int page, int commit, uint salt1, uint salt2, long frameOffset)
    {
        using var cipher = FrozenCipher();

        Assert.False(cipher.TryDecrypt(Convert.FromHexString(FrozenWalPageHex), new byte[PageCipher.PageSize], WalAad(page, commit, salt1, salt2, frameOffset)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4063)]
    [InlineData(4064)] // epoch id
    [InlineData(4075)]
    [InlineData(4076)] // counter
    [InlineData(4079)]
    [InlineData(4080)] // tag
    [InlineData(4095)]
    public void TryDecrypt_FrozenDatabasePageWithBitFlipped_Fails(int offset)
    {
        using var cipher = FrozenCipher();
        var page = Convert.FromHexString(FrozenDatabasePage5Hex);
        page[offset] ^= 0x01;

        Assert.False(cipher.TryDecrypt(page, new byte[PageCipher.PageSize], DatabaseAad(5)));
    }

    [Fact]
    public void TryDecrypt_FrozenDatabasePageUnderAnotherDataKey_Fails()
    {
        var otherKey = (byte[])DataKey.Clone();
        otherKey[31] ^= 0x80;
        using var keys = new VolumeKeys(otherKey, Salt);
        using var cipher = new PageCipher(keys.PageKey);

        Assert.False(cipher.TryDecrypt(Convert.FromHexString(FrozenDatabasePage5Hex), new byte[PageCipher.PageSize], DatabaseAad(5)));
    }

    [Fact]
    public void Encrypt_ThenTryDecrypt_RoundTripsDataAndZeroesReservedArea()
    {
        using var cipher = FrozenCipher();
        var plaintext = new byte[PageCipher.PageSize];
        FrozenPlaintext().CopyTo(plaintext, 0);
        plaintext.AsSpan(PageCipher.UsableSize).Fill(0x5a); // not part of the page's data: must not survive
        var page = new byte[PageCipher.PageSize];
        var output = new byte[PageCipher.PageSize];

        cipher.Encrypt(plaintext, page, DatabaseAad(9));

        Assert.False(page.AsSpan(0, PageCipher.UsableSize).SequenceEqual(plaintext.AsSpan(0, PageCipher.UsableSize)));
        Assert.True(cipher.TryDecrypt(page, output, DatabaseAad(9)));
        Assert.Equal(FrozenPlaintext(), output[..PageCipher.UsableSize]);
        Assert.All(output[PageCipher.UsableSize..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Encrypt_FirstPagesOfACipher_CountFromOneUnderOneEpoch()
    {
        using var cipher = FrozenCipher();
        var trailers = Enumerable.Range(0, 3).Select(_ =>
        {
            var page = new byte[PageCipher.PageSize];
            cipher.Encrypt(new byte[PageCipher.PageSize], page, DatabaseAad(2));
            return page[PageCipher.UsableSize..];
        }).ToList();

        Assert.Equal([1u, 2u, 3u], trailers.Select(t => BinaryPrimitives.ReadUInt32BigEndian(t.AsSpan(12, 4))));
        Assert.Single(trailers.Select(t => Convert.ToHexString(t, 0, 12)).Distinct());
    }

    [Fact]
    public void Encrypt_SamePlaintextAndPageManyTimes_EveryNonceAndCiphertextDistinct()
    {
        using var cipher = FrozenCipher();
        var plaintext = new byte[PageCipher.PageSize];
        FrozenPlaintext().CopyTo(plaintext, 0);
        var nonces = new HashSet<string>(StringComparer.Ordinal);
        var ciphertexts = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 1000; i++)
        {
            var page = new byte[PageCipher.PageSize];
            cipher.Encrypt(plaintext, page, DatabaseAad(2));
            nonces.Add(Convert.ToHexString(page, PageCipher.UsableSize, 16));
            ciphertexts.Add(Convert.ToHexString(page, 0, PageCipher.UsableSize));
        }

        Assert.Equal(1000, nonces.Count);
        Assert.Equal(1000, ciphertexts.Count);
    }

    [Fact]
    public void Encrypt_TwoCiphersOverTheSameKey_DrawDifferentEpochIdsAndReadEachOther()
    {
        using var first = FrozenCipher();
        using var second = FrozenCipher();
        var a = new byte[PageCipher.PageSize];
        var b = new byte[PageCipher.PageSize];

        first.Encrypt(new byte[PageCipher.PageSize], a, DatabaseAad(2));
        second.Encrypt(new byte[PageCipher.PageSize], b, DatabaseAad(2));

        Assert.NotEqual(a[4064..4076], b[4064..4076]);
        Assert.Equal(a[4076..4080], b[4076..4080]); // both start at counter 1: only the epoch keeps the nonces apart
        Assert.True(first.TryDecrypt(b, new byte[PageCipher.PageSize], DatabaseAad(2)));
        Assert.True(second.TryDecrypt(a, new byte[PageCipher.PageSize], DatabaseAad(2)));
    }

    [Fact]
    public void Dispose_ThenEncryptOrDecrypt_ThrowsObjectDisposedException()
    {
        var cipher = FrozenCipher();
        cipher.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cipher.Encrypt(new byte[PageCipher.PageSize], new byte[PageCipher.PageSize], DatabaseAad(2)));
        Assert.Throws<ObjectDisposedException>(() => cipher.TryDecrypt(Convert.FromHexString(FrozenDatabasePage5Hex), new byte[PageCipher.PageSize], DatabaseAad(5)));
    }

    private static PageCipher FrozenCipher()
    {
        using var keys = new VolumeKeys(DataKey, Salt);
        return new PageCipher(keys.PageKey);
    }

    private static byte[] FrozenPlaintext() => [.. Enumerable.Range(0, PageCipher.UsableSize).Select(i => (byte)((i * 31) + 7))];

    private static byte[] DatabaseAad(int pageNumber)
    {
        var aad = new byte[5];
        aad[0] = (byte)'D';
        BinaryPrimitives.WriteInt32BigEndian(aad.AsSpan(1), pageNumber);
        return aad;
    }

    private static byte[] WalAad(int pageNumber, int commit, uint salt1, uint salt2, long frameOffset)
    {
        var aad = new byte[25];
        aad[0] = (byte)'W';
        BinaryPrimitives.WriteInt32BigEndian(aad.AsSpan(1), pageNumber);
        BinaryPrimitives.WriteInt32BigEndian(aad.AsSpan(5), commit);
        BinaryPrimitives.WriteUInt32BigEndian(aad.AsSpan(9), salt1);
        BinaryPrimitives.WriteUInt32BigEndian(aad.AsSpan(13), salt2);
        BinaryPrimitives.WriteInt64BigEndian(aad.AsSpan(17), frameOffset);
        return aad;
    }
}
