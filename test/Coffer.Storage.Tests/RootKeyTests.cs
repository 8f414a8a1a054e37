using System.Security.Cryptography;
using System.Text;
using Coffer.TestKit;

namespace Coffer.Storage.Tests;

public sealed class RootKeyTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void CreateFile_NewPath_WritesThirtyTwoBytesWithOwnerOnlyMode()
    {
        var path = Path.Combine(_directory.Path, "root.key");

        using var key = RootKey.CreateFile(path);

        Assert.Equal(RootKey.Length, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var loaded = RootKey.Load(path);
        Assert.Equal(key.Fingerprint, loaded.Fingerprint);
    }

    [Fact]
    public void CreateFile_ExistingPath_ThrowsAndKeepsTheOldKey()
    {
        var path = Path.Combine(_directory.Path, "root.key");
        using var first = RootKey.CreateFile(path);

        Assert.Throws<IOException>(() => RootKey.CreateFile(path));

        using var loaded = RootKey.Load(path);
        Assert.Equal(first.Fingerprint, loaded.Fingerprint);
    }

    [Theory]
    [InlineData("base64")]
    [InlineData("hex")]
    [InlineData("base64-newline")]
    public void Load_TextEncodedKey_ReadsTheSameKeyAsRaw(string form)
    {
        var bytes = RandomNumberGenerator.GetBytes(RootKey.Length);
        var raw = Path.Combine(_directory.Path, "raw.key");
        var text = Path.Combine(_directory.Path, "text.key");
        File.WriteAllBytes(raw, bytes);
        File.WriteAllText(text, form switch
        {
            "base64" => Convert.ToBase64String(bytes),
            "hex" => Convert.ToHexString(bytes),
            _ => Convert.ToBase64String(bytes) + "\n",
        });

        using var fromRaw = RootKey.Load(raw);
        using var fromText = RootKey.Load(text);

        Assert.Equal(fromRaw.Fingerprint, fromText.Fingerprint);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Load_WrongLength_ThrowsInvalidData(int length)
    {
        var path = Path.Combine(_directory.Path, "bad.key");
        File.WriteAllBytes(path, new byte[length]);

        var error = Assert.Throws<InvalidDataException>(() => RootKey.Load(path));

        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeriveKey_SamePurpose_IsDeterministicAndDiffersByPurposeAndRoot()
    {
        using var root = RootKey.CreateRandom();
        using var other = RootKey.CreateRandom();

        var a1 = root.DeriveKey("accounts/secret-access-key");
        var a2 = root.DeriveKey("accounts/secret-access-key");
        var b = root.DeriveKey("metadata/page-key");
        var c = other.DeriveKey("accounts/secret-access-key");

        Assert.Equal(32, a1.Length);
        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, b);
        Assert.NotEqual(a1, c);
    }

    [Fact]
    public void DeriveKey_KnownRoot_MatchesHkdfSha256WithCofferLabel()
    {
        var ikm = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using var root = RootKey.FromBytes(ikm);

        var derived = root.DeriveKey("purpose");

        var expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, [], Encoding.UTF8.GetBytes("coffer:purpose"));
        Assert.Equal(expected, derived);
    }

    [Fact]
    public void Dispose_ThenDerive_ThrowsObjectDisposed()
    {
        var root = RootKey.CreateRandom();
        root.Dispose();

        Assert.Throws<ObjectDisposedException>(() => root.DeriveKey("x"));
        Assert.Throws<ObjectDisposedException>(() => root.Fingerprint);
    }

    [Fact]
    public void Fingerprint_DifferentKeys_Differ()
    {
        using var a = RootKey.CreateRandom();
        using var b = RootKey.CreateRandom();

        Assert.Equal(16, a.Fingerprint.Length);
        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
    }
}
