namespace Coffer.Primitives.Tests;

public sealed class AccountIdTests
{
    [Theory]
    [InlineData("123456789012")]
    [InlineData("000000000000")]
    [InlineData("999999999999")]
    public void TryParse_TwelveAsciiDigits_ReturnsTrueWithSameValue(string text)
    {
        Assert.True(AccountId.TryParse(text, out var id));
        Assert.Equal(text, id.Value);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345678901")] // 11 digits
    [InlineData("1234567890123")] // 13 digits
    [InlineData("12345678901a")]
    [InlineData("abcdefghijkl")]
    [InlineData(" 12345678901")]
    [InlineData("12345678901 ")]
    [InlineData("-12345678901")]
    [InlineData("١٢٣٤٥٦٧٨٩٠١٢")] // twelve Arabic-Indic digits: char.IsDigit, but not ASCII
    [InlineData("１２３４５６７８９０１２")] // twelve full-width digits
    public void TryParse_NotTwelveAsciiDigits_ReturnsFalse(string text)
    {
        Assert.False(AccountId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(AccountId.TryParse(null, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void Parse_ElevenDigits_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => AccountId.Parse("12345678901"));
    }

    [Fact]
    public void Parse_TwelveDigits_EqualsTryParseResult()
    {
        Assert.True(AccountId.TryParse("123456789012", out var expected));

        Assert.Equal(expected, AccountId.Parse("123456789012"));
    }

    [Fact]
    public void ToString_Default_IsEmpty()
    {
        Assert.Equal(string.Empty, default(AccountId).ToString());
    }

    [Fact]
    public void CreateRandom_ManyTimes_GivesTwelveAsciiDigitsNotStartingWithZero()
    {
        for (var i = 0; i < 1000; i++)
        {
            var id = AccountId.CreateRandom();

            Assert.Equal(12, id.Value.Length);
            Assert.All(id.Value, c => Assert.True(char.IsAsciiDigit(c), $"'{c}' in {id.Value} is not an ASCII digit."));
            Assert.NotEqual('0', id.Value[0]);
            Assert.True(AccountId.TryParse(id.Value, out var parsed));
            Assert.Equal(id, parsed);
        }
    }
}
