using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>Opening a volume: the right key, a wrong key, an altered manifest, the wrong kind of volume.</summary>
public sealed class VolumeKeyTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly byte[] _key = NewKey();

    public VolumeKeyTests()
    {
        using var volume = Create(VolumePath, _key);
        using var connection = volume.OpenConnection();
        Execute(connection, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('secret row')");
    }

    private string VolumePath => Path.Combine(_directory.Path, "vol");

    private string ManifestPath => Path.Combine(VolumePath, Volume.ManifestFileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Open_WithAnotherKey_ThrowsKeyMismatchBeforeSqliteTouchesTheFiles()
    {
        var databaseBefore = File.ReadAllBytes(DatabasePath(VolumePath));
        var volumeId = Volume.ReadManifest(VolumePath).VolumeId;

        var exception = Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(VolumePath, NewKey()));

        Assert.Contains("does not match", exception.Message, StringComparison.Ordinal);
        Assert.Contains(volumeId, exception.Message, StringComparison.Ordinal);
        Assert.Equal(databaseBefore, File.ReadAllBytes(DatabasePath(VolumePath)));
        Assert.False(File.Exists(WalPath(VolumePath)), "a WAL was created: SQLite opened the database");
        Assert.False(File.Exists(DatabasePath(VolumePath) + "-shm"), "a WAL index was created: SQLite opened the database");
    }

    [Fact]
    public void Open_AfterFailedOpenWithAnotherKey_RightKeyStillOpens()
    {
        Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(VolumePath, NewKey()));

        using var volume = Volume.Open(VolumePath, _key);
        using var connection = volume.OpenConnection();
        Assert.Equal("secret row", Scalar(connection, "SELECT v FROM t"));
    }

    [Fact]
    public void Open_WithAnotherKeyWhileOpenWithTheRightOne_ThrowsKeyMismatchAndOpenVolumeKeepsWorking()
    {
        using var volume = Volume.Open(VolumePath, _key);

        Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(VolumePath, NewKey()));

        using var connection = volume.OpenConnection();
        Execute(connection, "INSERT INTO t VALUES ('second row')");
        Assert.Equal(2L, Count(connection, "t"));
    }

    [Theory]
    [InlineData("keyArn", "arn:aws:kms:us-east-1:111122223333:key/another")]
    [InlineData("wrappedKey", "AQIDBA==")]
    [InlineData("createdAt", "2001-01-01T00:00:00+00:00")]
    [InlineData("volumeId", "vol-0000000000000000")]
    [InlineData("salt", "AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Open_ManifestFieldAltered_ThrowsKeyMismatch(string field, string value)
    {
        var manifest = ReadManifestJson();
        Assert.NotEqual(value, (string?)manifest[field]);
        manifest[field] = value;
        WriteManifestJson(manifest);

        var exception = Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(VolumePath, _key));

        Assert.Contains("does not match", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ManifestEncryptionContextAltered_ThrowsKeyMismatch()
    {
        var manifest = ReadManifestJson();
        manifest["encryptionContext"]!["aws:rds:db-id"] = "cluster-OTHER";
        WriteManifestJson(manifest);

        Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(VolumePath, _key));
    }

    [Fact]
    public void Open_ManifestEncryptionContextPairAdded_ThrowsKeyMismatch()
    {
        var manifest = ReadManifestJson();
        manifest["encryptionContext"]!["extra"] = "pair";
        WriteManifestJson(manifest);

        Assert.Throws<VolumeKeyMismatchException>(() => Volume.Open(VolumePath, _key));
    }

    [Fact]
    public void Open_ManifestMacNotBase64_ThrowsVolumeException()
    {
        var manifest = ReadManifestJson();
        manifest["mac"] = "not base64!";
        WriteManifestJson(manifest);

        Assert.ThrowsAny<VolumeException>(() => Volume.Open(VolumePath, _key));
    }

    [Fact]
    public void Open_ManifestWithAnotherFormat_ThrowsVolumeExceptionNamingTheFormat()
    {
        var manifest = ReadManifestJson();
        manifest["format"] = 2;
        WriteManifestJson(manifest);

        var exception = Assert.Throws<VolumeException>(() => Volume.Open(VolumePath, _key));

        Assert.Contains("format 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ManifestNotJson_ThrowsVolumeException()
    {
        File.WriteAllText(ManifestPath, "{ this is not json");

        var exception = Assert.Throws<VolumeException>(() => Volume.Open(VolumePath, _key));

        Assert.Contains("not valid", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnencryptedVolumeWithAKey_ThrowsVolumeException()
    {
        var plain = Path.Combine(_directory.Path, "plain");
        Volume.CreateUnencrypted(plain, TimeProvider.System).Dispose();

        var exception = Assert.Throws<VolumeException>(() => Volume.Open(plain, _key));

        Assert.Contains("not encrypted", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenUnencrypted_EncryptedVolume_ThrowsVolumeException()
    {
        var exception = Assert.Throws<VolumeException>(() => Volume.OpenUnencrypted(VolumePath));

        Assert.Contains("is encrypted", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenUnencrypted_ManifestDowngradedToNoCipher_ReadsNoData()
    {
        var manifest = ReadManifestJson();
        manifest["cipher"] = "none";
        WriteManifestJson(manifest);

        Assert.Throws<VolumeException>(() => Volume.Open(VolumePath, _key));
        using var volume = Volume.OpenUnencrypted(VolumePath);
        var exception = Assert.ThrowsAny<SqliteException>(() =>
        {
            using var connection = volume.OpenConnection();
            Scalar(connection, "SELECT v FROM t");
        });
        Assert.Equal(26, exception.SqliteErrorCode); // SQLITE_NOTADB: ciphertext is no database
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Open_KeyOfWrongLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>(() => Volume.Open(VolumePath, RandomNumberGenerator.GetBytes(length)));
    }

    [Fact]
    public void Create_KeyOf31Bytes_ThrowsArgumentExceptionAndCreatesNothing()
    {
        var path = Path.Combine(_directory.Path, "short-key");

        Assert.Throws<ArgumentException>(() => Create(path, RandomNumberGenerator.GetBytes(31)));

        Assert.False(Directory.Exists(path));
    }

    private JsonObject ReadManifestJson() => JsonNode.Parse(File.ReadAllText(ManifestPath))!.AsObject();

    private void WriteManifestJson(JsonObject manifest) => File.WriteAllText(ManifestPath, manifest.ToJsonString());
}
