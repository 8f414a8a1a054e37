using Coffer.Storage.Vfs;

namespace Coffer.Storage.Tests.Vfs;

/// <summary>
/// The WAL checksum mask, frozen: the first 8 bytes of AES-256(mask key, frame offset ‖ salt-1 ‖ salt-2), with the
/// mask key HKDF-derived from the volume's data key and salt. The golden value was computed independently (Python's
/// HKDF from hmac/hashlib and `openssl enc -aes-256-ecb -nopad`).
/// </summary>
public sealed class WalChecksumMaskerTests
{
    private static readonly byte[] DataKey = [.. Enumerable.Range(0x00, 32).Select(i => (byte)i)];
    private static readonly byte[] Salt = [.. Enumerable.Range(0xa0, 16).Select(i => (byte)i)];
    private static readonly byte[] Salts = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];

    [Fact]
    public void Apply_FixedKeyOffsetAndSalts_XorsTheFrozenMask()
    {
        using var masker = Masker();
        var checksum = new byte[8];

        masker.Apply(checksum, 8272, Salts);

        Assert.Equal("ED57BD64E95C3098", Convert.ToHexString(checksum));
    }

    [Fact]
    public void Apply_Twice_RestoresTheChecksum()
    {
        using var masker = Masker();
        byte[] checksum = [1, 2, 3, 4, 5, 6, 7, 8];

        masker.Apply(checksum, 8272, Salts);
        masker.Apply(checksum, 8272, Salts);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], checksum);
    }

    [Fact]
    public void Apply_OtherFrameOffsetOrSalts_GiveOtherMasks()
    {
        using var masker = Masker();
        var masks = new[] { (8272L, Salts), (4152L, Salts), (8272L, [0x11, 0x22, 0x33, 0x45, 0x55, 0x66, 0x77, 0x88]) }.Select(input =>
        {
            var checksum = new byte[8];
            masker.Apply(checksum, input.Item1, input.Item2);
            return Convert.ToHexString(checksum);
        });

        Assert.Equal(3, masks.Distinct().Count());
    }

    [Fact]
    public void CreateChecksumMasker_UnencryptedVolume_GivesNone()
    {
        using var cipher = VolumeCipher.CreateUnencrypted("plain");

        Assert.Null(cipher.CreateChecksumMasker());
        Assert.Null(cipher.Pages);
    }

    private static WalChecksumMasker Masker()
    {
        using var keys = new VolumeKeys(DataKey, Salt);
        using var cipher = VolumeCipher.Create("golden", keys);
        return cipher.CreateChecksumMasker()!;
    }
}
