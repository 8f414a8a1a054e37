using Coffer.Keys.Identifiers;

namespace Coffer.Keys.Tests.Identifiers;

public sealed class AliasNamesTests
{
    [Theory]
    [InlineData("alias/x", true)]
    [InlineData("alias/my-key", true)]
    [InlineData("alias/App:Prod/db_key-1", true)]
    [InlineData("alias/aws/rds", true)]
    [InlineData("alias/", false)]
    [InlineData("alias", false)]
    [InlineData("Alias/x", false)]
    [InlineData("my-key", false)]
    [InlineData("alias/a b", false)]
    [InlineData("alias/a.b", false)]
    [InlineData("alias/a+b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_Name_MatchesThePatternAndPrefix(string? name, bool expected)
    {
        Assert.Equal(expected, AliasNames.IsValid(name));
    }

    [Fact]
    public void IsValid_LengthLimit_Is256IncludingThePrefix()
    {
        Assert.True(AliasNames.IsValid("alias/" + new string('a', 250)));
        Assert.False(AliasNames.IsValid("alias/" + new string('a', 251)));
    }

    [Theory]
    [InlineData("alias/aws/rds", true)]
    [InlineData("alias/aws/", true)]
    [InlineData("alias/aws", false)]
    [InlineData("alias/awsome", false)]
    [InlineData("alias/AWS/rds", false)]
    [InlineData("alias/my/aws/rds", false)]
    [InlineData(null, false)]
    public void IsReservedAwsAlias_Name_ChecksTheCaseSensitivePrefix(string? name, bool expected)
    {
        Assert.Equal(expected, AliasNames.IsReservedAwsAlias(name));
    }

    [Theory]
    [InlineData("alias/my-key", AliasNameValidation.Valid)]
    [InlineData("alias/AWS/rds", AliasNameValidation.Valid)]
    [InlineData("alias/aws/rds", AliasNameValidation.Reserved)]
    [InlineData("alias/aws/my-key", AliasNameValidation.Reserved)]
    [InlineData("my-key", AliasNameValidation.Malformed)]
    [InlineData("alias/", AliasNameValidation.Malformed)]
    [InlineData("alias/a b", AliasNameValidation.Malformed)]
    [InlineData(null, AliasNameValidation.Malformed)]
    public void ValidateForCreate_Name_ClassifiesIt(string? name, AliasNameValidation expected)
    {
        var result = AliasNames.ValidateForCreate(name, out var error);

        Assert.Equal(expected, result);
        Assert.Equal(expected == AliasNameValidation.Valid, error is null);
    }
}
