using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>
/// A whole volume frozen on disk (manifest, database and WAL, copied while open, so opening it runs WAL recovery),
/// written once by this build with the data key 40 41 … 5f and checked independently against the byte layout in
/// docs/dev/storage-format.md (a Python decoder: manifest MAC, every page, the frame's unmasked checksum). Any change
/// to key derivation, manifest MAC, page or WAL frame format breaks it, so format changes are deliberate.
/// </summary>
public sealed partial class VolumeGoldenTests : IDisposable
{
    private const string VolumeId = "vol-accf2588f5836407";
    private static readonly byte[] DataKey = [.. Enumerable.Range(0x40, 32).Select(i => (byte)i)];
    private readonly TestDirectory _directory = new();

    public VolumeGoldenTests()
    {
        Directory.CreateDirectory(VolumePath);
        File.WriteAllBytes(Path.Combine(VolumePath, Volume.ManifestFileName), Convert.FromBase64String(ManifestBase64));
        File.WriteAllBytes(DatabasePath(VolumePath), Convert.FromBase64String(DatabaseBase64));
        File.WriteAllBytes(WalPath(VolumePath), Convert.FromBase64String(WalBase64));
    }

    private string VolumePath => Path.Combine(_directory.Path, "golden");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Open_FrozenVolume_ReadsRowsFromDatabaseAndWal()
    {
        using var volume = Volume.Open(VolumePath, DataKey);
        using var connection = volume.OpenConnection();

        Assert.Equal(VolumeId, volume.Manifest.VolumeId);
        Assert.Equal(
            [(1L, "in the database file"), (2L, "in the write-ahead log")],
            Rows(connection, "SELECT id, v FROM golden ORDER BY id").Select(row => ((long)row[0]!, (string)row[1]!)));
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
    }

    [Fact]
    public void ReadManifest_FrozenVolume_HasTheFrozenFields()
    {
        var manifest = Volume.ReadManifest(VolumePath);

        Assert.Equal(1, manifest.Format);
        Assert.Equal(VolumeId, manifest.VolumeId);
        Assert.Equal(VolumeManifest.Aes256Gcm, manifest.Cipher);
        Assert.Equal("arn:aws:kms:us-east-1:111122223333:key/golden-volume", manifest.KeyArn);
        Assert.Equal("golden", manifest.EncryptionContext["purpose"]);
        Assert.Equal([0xca, 0xfe], manifest.WrappedKeyBytes);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), manifest.CreatedAt);
    }

    [Fact]
    public void Open_FrozenVolumeWithoutItsWal_HasOnlyTheCheckpointedRow()
    {
        File.Delete(WalPath(VolumePath));

        using var volume = Volume.Open(VolumePath, DataKey);
        using var connection = volume.OpenConnection();

        Assert.Equal("in the database file", Scalar(connection, "SELECT v FROM golden"));
        Assert.Equal(1L, Count(connection, "golden"));
    }

    [Fact]
    public void Open_FrozenVolumeWithAnotherKey_ThrowsKeyMismatch()
    {
        var other = (byte[])DataKey.Clone();
        other[0] ^= 1;

        Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(VolumePath, other));
    }

    [Fact]
    public void Open_FrozenVolumeThenWrite_StillReadsAfterReopen()
    {
        using (var volume = Volume.Open(VolumePath, DataKey))
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "INSERT INTO golden VALUES (3, 'written by this build')");
        }

        using (var volume = Volume.Open(VolumePath, DataKey))
        {
            using var connection = volume.OpenConnection();
            Assert.Equal(3L, Count(connection, "golden"));
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        }
    }
}
