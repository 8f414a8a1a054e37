namespace Coffer.Primitives.Tests;

public sealed class ArnTests
{
    [Fact]
    public void TryParse_KmsKeyArn_SplitsPartsAndRoundTrips()
    {
        const string Text = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        Assert.True(Arn.TryParse(Text, out var arn));

        Assert.Equal("aws", arn.Partition);
        Assert.Equal("kms", arn.Service);
        Assert.Equal("us-east-1", arn.Region);
        Assert.Equal("123456789012", arn.Account);
        Assert.Equal("key/1234abcd-12ab-34cd-56ef-1234567890ab", arn.Resource);
        Assert.Equal(Text, arn.ToString());
    }

    [Theory]
    [InlineData("arn:aws:kms:us-east-1:123456789012:key/1234", "key/1234")]
    [InlineData("arn:aws:kms:us-east-1:123456789012:alias/my/nested/alias", "alias/my/nested/alias")]
    [InlineData("arn:aws:rds:us-east-1:123456789012:db:cluster", "db:cluster")]
    [InlineData("arn:aws:rds:us-east-1:123456789012:cluster:my-cluster", "cluster:my-cluster")]
    [InlineData("arn:aws:rds:us-east-1:123456789012:a:b:c/d", "a:b:c/d")]
    public void TryParse_ResourceWithColonsOrSlashes_KeepsWholeResource(string text, string resource)
    {
        Assert.True(Arn.TryParse(text, out var arn));

        Assert.Equal(resource, arn.Resource);
        Assert.Equal("123456789012", arn.Account);
        Assert.Equal(text, arn.ToString());
    }

    [Fact]
    public void TryParse_IamArnWithEmptyRegion_ParsesAndRoundTrips()
    {
        const string Text = "arn:aws:iam::123456789012:user/admin";

        Assert.True(Arn.TryParse(Text, out var arn));

        Assert.Equal(new Arn("aws", "iam", string.Empty, "123456789012", "user/admin"), arn);
        Assert.Equal(Text, arn.ToString());
    }

    [Fact]
    public void TryParse_EmptyRegionAndAccount_Parses()
    {
        Assert.True(Arn.TryParse("arn:aws:s3:::my-bucket", out var arn));

        Assert.Equal(new Arn("aws", "s3", string.Empty, string.Empty, "my-bucket"), arn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aws:kms:us-east-1:123456789012:key/1234")] // no "arn:" prefix
    [InlineData("ARN:aws:kms:us-east-1:123456789012:key/1234")] // the prefix is case-sensitive
    [InlineData("urn:aws:kms:us-east-1:123456789012:key/1234")]
    [InlineData("arn:aws:kms:us-east-1:123456789012")] // no resource part
    [InlineData("arn:aws:kms:us-east-1:123456789012:")] // empty resource
    [InlineData("arn:aws:kms:us-east-1")]
    [InlineData("arn:")]
    [InlineData("arn::kms:us-east-1:123456789012:key/1234")] // empty partition
    [InlineData("arn:aws::us-east-1:123456789012:key/1234")] // empty service
    public void TryParse_MissingParts_ReturnsFalse(string text)
    {
        Assert.False(Arn.TryParse(text, out var arn));
        Assert.Null(arn);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(Arn.TryParse(null, out var arn));
        Assert.Null(arn);
    }

    [Fact]
    public void Create_KmsKey_UsesAwsPartition()
    {
        var account = AccountId.Parse("123456789012");

        var arn = Arn.Create("kms", "eu-west-1", account, "key/1234");

        Assert.Equal("arn:aws:kms:eu-west-1:123456789012:key/1234", arn.ToString());
    }
}
