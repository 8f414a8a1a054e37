using Coffer.Storage.Vfs;
using Coffer.Storage.Volumes;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>
/// The manifest MAC, frozen: HMAC-SHA256 under the manifest key over the canonical encoding documented in
/// docs/dev/storage-format.md, computed once outside .NET (Python) for these fixed fields.
/// </summary>
public sealed class VolumeManifestTests
{
    private const string FrozenMac = "2E913D1674EF8B24387480018714F9695C81DF1B1C5738769D969DB243177961";
    private static readonly byte[] DataKey = [.. Enumerable.Range(0x00, 32).Select(i => (byte)i)];
    private static readonly byte[] Salt = [.. Enumerable.Range(0xa0, 16).Select(i => (byte)i)];

    [Fact]
    public void ComputeMac_FixedManifest_IsTheFrozenMac()
    {
        using var keys = new VolumeKeys(DataKey, Salt);

        Assert.Equal(FrozenMac, Convert.ToHexString(Manifest().ComputeMac(keys.ManifestKey)));
    }

    [Fact]
    public void ComputeMac_EncryptionContextInAnotherInsertionOrder_SameMac()
    {
        using var keys = new VolumeKeys(DataKey, Salt);
        var reordered = Manifest() with { EncryptionContext = new Dictionary<string, string> { ["a-key"] = "1", ["b-key"] = "2" } };

        Assert.Equal(FrozenMac, Convert.ToHexString(reordered.ComputeMac(keys.ManifestKey)));
    }

    [Fact]
    public void ComputeMac_CreatedAtInAnotherOffsetSameInstant_SameMac()
    {
        using var keys = new VolumeKeys(DataKey, Salt);
        var shifted = Manifest() with { CreatedAt = new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.FromHours(2)) };

        Assert.Equal(FrozenMac, Convert.ToHexString(shifted.ComputeMac(keys.ManifestKey)));
    }

    [Fact]
    public void ComputeMac_FieldBoundariesMoved_DifferentMac()
    {
        using var keys = new VolumeKeys(DataKey, Salt);
        // The same bytes without length prefixes: "vol-0123456789abcdef" + "AES-256-GCM".
        var moved = Manifest() with { VolumeId = "vol-0123456789abcdefAES", Cipher = "-256-GCM" };

        Assert.NotEqual(FrozenMac, Convert.ToHexString(moved.ComputeMac(keys.ManifestKey)));
    }

    [Fact]
    public void ToJsonThenFromJson_RoundTripsEveryField()
    {
        var manifest = Manifest() with { Mac = FrozenMac };

        var read = VolumeManifest.FromJson(manifest.ToJson())!;

        Assert.Equal(manifest.VolumeId, read.VolumeId);
        Assert.Equal(manifest.Salt, read.Salt);
        Assert.Equal(manifest.KeyArn, read.KeyArn);
        Assert.Equal(manifest.EncryptionContext.OrderBy(p => p.Key, StringComparer.Ordinal), read.EncryptionContext.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(manifest.WrappedKey, read.WrappedKey);
        Assert.Equal(manifest.CreatedAt, read.CreatedAt);
        Assert.Equal(manifest.Mac, read.Mac);
        using var keys = new VolumeKeys(DataKey, Salt);
        Assert.Equal(FrozenMac, Convert.ToHexString(read.ComputeMac(keys.ManifestKey)));
    }

    private static VolumeManifest Manifest() => new()
    {
        Format = 1,
        VolumeId = "vol-0123456789abcdef",
        Cipher = VolumeManifest.Aes256Gcm,
        PageSize = 4096,
        ReservedBytes = 32,
        Salt = Convert.ToBase64String(Salt),
        KeyArn = "arn:aws:kms:us-east-1:111122223333:key/golden",
        EncryptionContext = new Dictionary<string, string> { ["b-key"] = "2", ["a-key"] = "1" },
        WrappedKey = "3q2+7w==",
        CreatedAt = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero),
    };
}
