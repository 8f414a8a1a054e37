using Coffer.Keys.Policies;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Policies;

public sealed class DefaultKeyPolicyTests
{
    /// <summary>botocore's GetKeyPolicy example (data/kms/2014-11-01/examples-1.json), byte for byte.</summary>
    private const string Expected =
        "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
        + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n"
        + "      \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";

    [Fact]
    public void For_Account_ReturnsAwsTextExactly()
    {
        Assert.Equal(Expected, DefaultKeyPolicy.For(AccountId.Parse("111122223333")));
    }

    [Fact]
    public void For_Account_ParsesToTheDocumentedStatement()
    {
        var policy = KeyPolicy.Parse(DefaultKeyPolicy.For(AccountId.Parse("444455556666")));

        Assert.Equal("key-default-1", policy.Id);
        var statement = Assert.Single(policy.Statements);
        Assert.Equal("Enable IAM User Permissions", statement.Sid);
        Assert.Equal(["arn:aws:iam::444455556666:root"], statement.Principal.Aws);
        Assert.Equal(["kms:*"], statement.Actions);
        Assert.Equal(["*"], statement.Resources);
        Assert.Empty(statement.Conditions);
    }
}
