using System.Text;
using Coffer.Protocols.Http;

namespace Coffer.Protocols.Tests.Http;

public sealed class UriEncodingTests
{
    private const string Unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

    [Fact]
    public void Encode_UnreservedCharacters_AreUnchanged()
    {
        Assert.Equal(Unreserved, UriEncoding.Encode(Unreserved));
        Assert.Equal(Unreserved, UriEncoding.Encode(Unreserved, keepSlash: true));
    }

    [Fact]
    public void Encode_EmptyString_IsEmpty()
    {
        Assert.Equal(string.Empty, UriEncoding.Encode(string.Empty));
    }

    [Theory]
    [InlineData(" ", "%20")]
    [InlineData("a b", "a%20b")]
    [InlineData("+", "%2B")]
    [InlineData("*", "%2A")]
    [InlineData("%", "%25")]
    [InlineData("=", "%3D")]
    [InlineData("&", "%26")]
    [InlineData(":", "%3A")]
    [InlineData("!'()", "%21%27%28%29")]
    [InlineData("\n", "%0A")]
    public void Encode_ReservedCharacter_IsPercentEncodedWithUpperCaseHex(string value, string expected)
    {
        Assert.Equal(expected, UriEncoding.Encode(value));
    }

    [Fact]
    public void Encode_Slash_IsKeptOnlyWithKeepSlash()
    {
        Assert.Equal("alias%2Fmy%2Fkey", UriEncoding.Encode("alias/my/key"));
        Assert.Equal("alias/my/key", UriEncoding.Encode("alias/my/key", keepSlash: true));
    }

    [Theory]
    [InlineData("é", "%C3%A9")] // two UTF-8 bytes
    [InlineData("\u1234", "%E1%88%B4")] // three UTF-8 bytes
    [InlineData("€", "%E2%82%AC")]
    [InlineData("😀", "%F0%9F%98%80")] // U+1F600, a surrogate pair: four UTF-8 bytes
    [InlineData("a😀b", "a%F0%9F%98%80b")]
    [InlineData("🔑/é", "%F0%9F%94%91%2F%C3%A9")]
    public void Encode_NonAscii_EncodesEachUtf8ByteWithUpperCaseHex(string value, string expected)
    {
        Assert.Equal(expected, UriEncoding.Encode(value));
    }

    [Fact]
    public void AppendEncoded_ExistingContent_Appends()
    {
        var builder = new StringBuilder("x=");

        UriEncoding.AppendEncoded(builder, "a/b c", keepSlash: true);

        Assert.Equal("x=a/b%20c", builder.ToString());
    }

    [Theory]
    [InlineData("a+b", true, "a b")]
    [InlineData("a+b", false, "a+b")]
    [InlineData("%2B", true, "+")]
    [InlineData("%2B", false, "+")]
    [InlineData("%20+%20", true, "   ")]
    public void TryDecode_Plus_IsSpaceOnlyWhenAsked(string encoded, bool plusIsSpace, string expected)
    {
        Assert.True(UriEncoding.TryDecode(encoded, plusIsSpace, out var decoded));
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("%41%42c", "ABc")]
    [InlineData("%c3%a9", "é")] // lower-case hex is accepted
    [InlineData("%C3%A9", "é")]
    [InlineData("%E1%88%B4", "\u1234")]
    [InlineData("%F0%9F%98%80", "😀")]
    [InlineData("caf\u00e9", "café")] // raw non-ASCII passes through
    [InlineData("😀%20x", "😀 x")]
    [InlineData("%2525", "%25")] // decoded once only
    public void TryDecode_ValidEscapes_DecodesUtf8(string encoded, string expected)
    {
        Assert.True(UriEncoding.TryDecode(encoded, plusIsSpace: true, out var decoded));
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("abc%")]
    [InlineData("abc%4")]
    [InlineData("%zz")]
    [InlineData("%4g")]
    [InlineData("%g4")]
    [InlineData("%C3%28")] // invalid UTF-8: a lead byte followed by '('
    [InlineData("%C3")] // truncated UTF-8 sequence
    [InlineData("%FF")]
    [InlineData("%ED%A0%80")] // an encoded surrogate is not valid UTF-8
    public void TryDecode_MalformedInput_ReturnsFalse(string encoded)
    {
        Assert.False(UriEncoding.TryDecode(encoded, plusIsSpace: true, out var decoded));
        Assert.Equal(string.Empty, decoded);
    }

    [Theory]
    [InlineData("key/1234 é+😀")]
    [InlineData(Unreserved)]
    [InlineData("!*'();:@&=+$,/?#[]")]
    public void TryDecode_OfEncode_RoundTrips(string value)
    {
        Assert.True(UriEncoding.TryDecode(UriEncoding.Encode(value), plusIsSpace: true, out var decoded));
        Assert.Equal(value, decoded);
    }
}
