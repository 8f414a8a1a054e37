using System.Security.Cryptography;
using System.Text;

namespace Coffer.Storage.Tests;

public sealed class SecretBoxTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Aad = Encoding.UTF8.GetBytes("coffer:access-key:AKIAEXAMPLE");
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    [Fact]
    public void Seal_ThenOpen_ReturnsThePlaintext()
    {
        var sealedBytes = SecretBox.Seal(Key, Secret, Aad);

        Assert.True(SecretBox.TryOpen(Key, sealedBytes, Aad, out var opened));
        Assert.Equal(Secret, opened);
        Assert.Equal(Secret.Length + SecretBox.Overhead, sealedBytes.Length);
        Assert.Equal(SecretBox.Version, sealedBytes[0]);
    }

    [Fact]
    public void Seal_SamePlaintextTwice_GivesDifferentCiphertexts()
    {
        var a = SecretBox.Seal(Key, Secret, Aad);
        var b = SecretBox.Seal(Key, Secret, Aad);

        Assert.NotEqual(a, b);
        Assert.Equal(-1, a.AsSpan().IndexOf(Secret.AsSpan(0, 8)));
    }

    [Fact]
    public void TryOpen_AnyFlippedBit_Fails()
    {
        var sealedBytes = SecretBox.Seal(Key, Secret, Aad);
        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[i] ^= 0x01;
            Assert.False(SecretBox.TryOpen(Key, tampered, Aad, out _), $"flipping byte {i} was not detected");
        }
    }

    [Fact]
    public void TryOpen_OtherAssociatedData_Fails()
    {
        var sealedBytes = SecretBox.Seal(Key, Secret, Aad);

        Assert.False(SecretBox.TryOpen(Key, sealedBytes, Encoding.UTF8.GetBytes("coffer:access-key:AKIAOTHER"), out _));
    }

    [Fact]
    public void TryOpen_OtherKey_Fails()
    {
        var sealedBytes = SecretBox.Seal(Key, Secret, Aad);

        Assert.False(SecretBox.TryOpen(RandomNumberGenerator.GetBytes(32), sealedBytes, Aad, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(28)]
    public void TryOpen_TooShort_Fails(int length)
    {
        Assert.False(SecretBox.TryOpen(Key, new byte[length], Aad, out _));
    }

    [Fact]
    public void TryOpen_TruncatedByOneByte_Fails()
    {
        var sealedBytes = SecretBox.Seal(Key, Secret, Aad);

        Assert.False(SecretBox.TryOpen(Key, sealedBytes.AsSpan(0, sealedBytes.Length - 1), Aad, out _));
    }
}
