using Coffer.Keys.Crypto;

namespace Coffer.Keys.Tests.Crypto;

public sealed class KeyMaterialIdTests
{
    private static readonly byte[] Bytes = Convert.FromHexString("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");

    [Fact]
    public void ToString_KnownBytes_Is32LowercaseHexCharacters()
    {
        Assert.Equal("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", KeyMaterialId.FromBytes(Bytes).ToString());
    }

    [Fact]
    public void ToByteArray_FromBytes_RoundTrips()
    {
        Assert.Equal(Bytes, KeyMaterialId.FromBytes(Bytes).ToByteArray());
    }

    [Fact]
    public void TryParse_RenderedId_ReturnsEqualId()
    {
        var id = KeyMaterialId.CreateRandom();

        Assert.True(KeyMaterialId.TryParse(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF")]
    [InlineData("a0a1a2a3a4a5a6a7a8a9aaabacadae")]
    [InlineData("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0")]
    [InlineData("g0a1a2a3a4a5a6a7a8a9aaabacadaeaf")]
    public void TryParse_NotThe32LowercaseHexForm_Fails(string? text)
    {
        Assert.False(KeyMaterialId.TryParse(text, out _));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(17)]
    public void FromBytes_WrongLength_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => KeyMaterialId.FromBytes(new byte[length]));
    }

    [Fact]
    public void CreateRandom_TwoIds_Differ()
    {
        Assert.NotEqual(KeyMaterialId.CreateRandom(), KeyMaterialId.CreateRandom());
    }
}
