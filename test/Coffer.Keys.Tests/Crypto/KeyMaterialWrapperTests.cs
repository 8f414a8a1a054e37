using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Coffer.Keys.Crypto;
using Coffer.Storage;

namespace Coffer.Keys.Tests.Crypto;

public sealed class KeyMaterialWrapperTests : IDisposable
{
    private const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private readonly byte[] _rootKeyBytes = RandomNumberGenerator.GetBytes(32);
    private readonly RootKey _rootKey;
    private readonly KeyMaterialWrapper _wrapper;
    private readonly SecretBuffer _material = KeyMaterialWrapper.GenerateMaterial();
    private readonly KeyMaterialId _materialId = KeyMaterialId.CreateRandom();

    public KeyMaterialWrapperTests()
    {
        _rootKey = RootKey.FromBytes(_rootKeyBytes);
        _wrapper = new KeyMaterialWrapper(_rootKey);
    }

    public void Dispose()
    {
        _wrapper.Dispose();
        _rootKey.Dispose();
        _material.Dispose();
    }

    [Fact]
    public void Wrap_ThenUnwrap_ReturnsTheMaterial()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);

        using var unwrapped = _wrapper.Unwrap(KeyArn, _materialId, wrapped);

        Assert.True(unwrapped.ReadOnlySpan.SequenceEqual(_material.ReadOnlySpan));
    }

    [Fact]
    public void Unwrap_WithTheSameRootKeyReloaded_Succeeds()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);
        using var reloadedRoot = RootKey.FromBytes(_rootKeyBytes);
        using var reloaded = new KeyMaterialWrapper(reloadedRoot);

        using var unwrapped = reloaded.Unwrap(KeyArn, _materialId, wrapped);

        Assert.True(unwrapped.ReadOnlySpan.SequenceEqual(_material.ReadOnlySpan));
    }

    [Fact]
    public void Wrap_Always_Is61BytesWithVersionOneAndHidesTheMaterial()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);

        Assert.Equal(KeyMaterialWrapper.WrappedLength, wrapped.Length);
        Assert.Equal(61, wrapped.Length);
        Assert.Equal(1, wrapped[0]);
        for (var offset = 0; offset + 8 <= _material.Length; offset++)
        {
            Assert.Equal(-1, wrapped.AsSpan().IndexOf(_material.ReadOnlySpan.Slice(offset, 8)));
        }
    }

    [Fact]
    public void Wrap_SameMaterialTwice_UsesFreshNonces()
    {
        var a = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);
        var b = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);

        Assert.NotEqual(a[1..13], b[1..13]);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Wrap_Always_UsesTheDocumentedPurposeAndAssociatedData()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);
        var arn = Encoding.UTF8.GetBytes(KeyArn);
        var aad = new byte[1 + 2 + arn.Length + 2 + 16];
        aad[0] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(1), (ushort)arn.Length);
        arn.CopyTo(aad, 3);
        BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(3 + arn.Length), 16);
        _materialId.WriteBytes(aad.AsSpan(5 + arn.Length));
        var plaintext = new byte[32];

        using (var aes = new AesGcm(_rootKey.DeriveKey("kms/key-material"), 16))
        {
            aes.Decrypt(wrapped.AsSpan(1, 12), wrapped.AsSpan(13, 32), wrapped.AsSpan(45, 16), plaintext, aad);
        }

        Assert.True(plaintext.AsSpan().SequenceEqual(_material.ReadOnlySpan));
    }

    [Fact]
    public void Unwrap_OtherArn_Throws()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);

        Assert.Throws<KeyMaterialUnwrapException>(() => _wrapper.Unwrap(KeyArn.Replace("111122223333", "111122223334", StringComparison.Ordinal), _materialId, wrapped));
        Assert.Throws<KeyMaterialUnwrapException>(() => _wrapper.Unwrap("1234abcd-12ab-34cd-56ef-1234567890ab", _materialId, wrapped));
    }

    [Fact]
    public void Unwrap_OtherMaterialId_Throws()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);

        Assert.Throws<KeyMaterialUnwrapException>(() => _wrapper.Unwrap(KeyArn, KeyMaterialId.CreateRandom(), wrapped));
    }

    [Fact]
    public void Unwrap_OtherRootKey_Throws()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);
        using var otherRoot = RootKey.CreateRandom();
        using var other = new KeyMaterialWrapper(otherRoot);

        Assert.Throws<KeyMaterialUnwrapException>(() => other.Unwrap(KeyArn, _materialId, wrapped));
    }

    [Fact]
    public void Unwrap_AnyFlippedBit_Throws()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);
        for (var bit = 0; bit < wrapped.Length * 8; bit++)
        {
            var tampered = (byte[])wrapped.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.Throws<KeyMaterialUnwrapException>(() => _wrapper.Unwrap(KeyArn, _materialId, tampered));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(62)]
    public void Unwrap_WrongLength_Throws(int length)
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);
        var resized = new byte[length];
        wrapped.AsSpan(0, Math.Min(length, wrapped.Length)).CopyTo(resized);

        Assert.Throws<KeyMaterialUnwrapException>(() => _wrapper.Unwrap(KeyArn, _materialId, resized));
    }

    [Fact]
    public void Unwrap_Failure_MessageNamesTheKeyButNoSecret()
    {
        var wrapped = _wrapper.Wrap(KeyArn, _materialId, _material.ReadOnlySpan);
        using var otherRoot = RootKey.CreateRandom();
        using var other = new KeyMaterialWrapper(otherRoot);

        var exception = Assert.Throws<KeyMaterialUnwrapException>(() => other.Unwrap(KeyArn, _materialId, wrapped));

        Assert.Contains(KeyArn, exception.Message, StringComparison.Ordinal);
        Assert.Contains(_materialId.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.Equal(KeyArn, exception.KeyArn);
        Assert.Equal(_materialId, exception.MaterialId);
        foreach (var secret in new[] { _material.ReadOnlySpan.ToArray(), _rootKeyBytes })
        {
            Assert.DoesNotContain(Convert.ToHexString(secret), exception.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(secret), exception.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(33)]
    public void Wrap_MaterialNot32Bytes_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => _wrapper.Wrap(KeyArn, _materialId, new byte[length]));
    }

    [Fact]
    public void GenerateMaterial_TwoCalls_Give32DifferentBytes()
    {
        using var a = KeyMaterialWrapper.GenerateMaterial();
        using var b = KeyMaterialWrapper.GenerateMaterial();

        Assert.Equal(32, a.Length);
        Assert.False(a.ReadOnlySpan.SequenceEqual(b.ReadOnlySpan));
    }
}
