using Coffer.Keys.Grants;

namespace Coffer.Keys.Tests.Grants;

public sealed class GrantTokenTests
{
    private const string GrantId = "0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60";
    private static readonly byte[] Secret = GrantToken.CreateSecret();

    [Fact]
    public void Issue_ThenVerify_RoundTripsTheGrantId()
    {
        var token = GrantToken.Issue(GrantId, Secret);

        Assert.True(GrantToken.TryReadGrantId(token, out var grantId));
        Assert.Equal(GrantId, grantId);
        Assert.True(GrantToken.Verify(token, GrantId, Secret));
    }

    [Fact]
    public void Issue_IsUrlSafeBase64()
    {
        var token = GrantToken.Issue(GrantId, Secret);

        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"unexpected character '{c}'"));
    }

    [Fact]
    public void Issue_SameGrantTwice_GivesDifferentTokensThatBothVerify()
    {
        var first = GrantToken.Issue(GrantId, Secret);
        var second = GrantToken.Issue(GrantId, Secret);

        Assert.NotEqual(first, second);
        Assert.True(GrantToken.Verify(first, GrantId, Secret));
        Assert.True(GrantToken.Verify(second, GrantId, Secret));
    }

    [Fact]
    public void Verify_AnyTamperedCharacter_Fails()
    {
        var token = GrantToken.Issue(GrantId, Secret);
        for (var i = 0; i < token.Length; i++)
        {
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.False(GrantToken.Verify(new string(chars), GrantId, Secret), $"changing character {i} was not detected");
        }
    }

    [Fact]
    public void Verify_OtherGrantsSecretOrId_Fails()
    {
        var token = GrantToken.Issue(GrantId, Secret);

        Assert.False(GrantToken.Verify(token, GrantId, GrantToken.CreateSecret()));
        Assert.False(GrantToken.Verify(token, "f" + GrantId[1..], Secret));
    }

    [Fact]
    public void Verify_TokenForgedWithoutTheSecret_Fails()
    {
        var forged = GrantToken.Issue(GrantId, new byte[GrantToken.SecretSize]);

        Assert.True(GrantToken.TryReadGrantId(forged, out var named));
        Assert.Equal(GrantId, named);
        Assert.False(GrantToken.Verify(forged, GrantId, Secret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AQ")]
    [InlineData("AQpAM2RhZTk1MGMyNTk2ZmZmMzEyYWVhOWViN2I1MWM4Mzc0MWFiYjc0ZDE1ODkyNGFlNTIzODZhMzgyZjBlNGY3NiKIAgEBAgB4")]
    [InlineData(null)]
    public void TryReadGrantId_Garbage_Fails(string? token)
    {
        Assert.False(GrantToken.TryReadGrantId(token, out _));
        Assert.False(GrantToken.Verify(token, GrantId, Secret));
    }

    [Fact]
    public void TryReadGrantId_TruncatedToken_Fails()
    {
        var token = GrantToken.Issue(GrantId, Secret);

        Assert.False(GrantToken.TryReadGrantId(token[..^4], out _));
        Assert.False(GrantToken.TryReadGrantId(token + "AAAA", out _));
    }
}
