using Coffer.Protocols.Http;

namespace Coffer.Protocols.Tests.Http;

public sealed class QueryStringParserTests
{
    [Fact]
    public void TryParse_RepeatedAndUnsortedNames_KeepsOriginalOrder()
    {
        Assert.True(QueryStringParser.TryParse("b=2&a=1&b=3", out var pairs, out var bad));

        Assert.Null(bad);
        Assert.Equal([new("b", "2"), new("a", "1"), new("b", "3")], pairs);
    }

    [Fact]
    public void TryParse_LeadingQuestionMark_IsIgnored()
    {
        Assert.True(QueryStringParser.TryParse("?Action=ListKeys&Version=2014-11-01", out var pairs, out _));

        Assert.Equal([new("Action", "ListKeys"), new("Version", "2014-11-01")], pairs);
    }

    [Fact]
    public void TryParse_NameWithoutEquals_GetsEmptyValue()
    {
        Assert.True(QueryStringParser.TryParse("flag&x=1&empty=", out var pairs, out _));

        Assert.Equal([new("flag", ""), new("x", "1"), new("empty", "")], pairs);
    }

    [Fact]
    public void TryParse_EmptySegments_AreSkipped()
    {
        Assert.True(QueryStringParser.TryParse("&&a=1&&b=2&", out var pairs, out _));

        Assert.Equal([new("a", "1"), new("b", "2")], pairs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("&")]
    public void TryParse_NothingToRead_ReturnsNoPairs(string text)
    {
        Assert.True(QueryStringParser.TryParse(text, out var pairs, out var bad));

        Assert.Empty(pairs);
        Assert.Null(bad);
    }

    [Fact]
    public void TryParse_EscapesAndPlus_AreDecoded()
    {
        Assert.True(QueryStringParser.TryParse("Tags.member.1.Value=a+b%20c%26d%3De&caf%C3%A9=%E2%82%AC", out var pairs, out _));

        Assert.Equal([new("Tags.member.1.Value", "a b c&d=e"), new("café", "€")], pairs);
    }

    [Fact]
    public void TryParse_ValueContainingEquals_SplitsAtFirstEquals()
    {
        Assert.True(QueryStringParser.TryParse("Plaintext=aGVsbG8=&k==", out var pairs, out _));

        Assert.Equal([new("Plaintext", "aGVsbG8="), new("k", "=")], pairs);
    }

    [Theory]
    [InlineData("a=1&b=%zz&c=3", "b=%zz")]
    [InlineData("a=%", "a=%")]
    [InlineData("%4=1", "%4=1")]
    [InlineData("x=%C3%28", "x=%C3%28")]
    public void TryParse_BadEscape_ReturnsFalseWithSegment(string text, string segment)
    {
        Assert.False(QueryStringParser.TryParse(text, out _, out var bad));

        Assert.Equal(segment, bad);
    }

    [Fact]
    public void TryParse_LongBadSegment_IsTruncatedTo64Characters()
    {
        var segment = "Name=" + new string('x', 100) + "%zz";

        Assert.False(QueryStringParser.TryParse(segment, out _, out var bad));

        Assert.Equal(string.Concat(segment.AsSpan(0, 64), "…"), bad);
    }
}
