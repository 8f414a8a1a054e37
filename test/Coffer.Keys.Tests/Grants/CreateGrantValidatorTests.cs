using Coffer.Keys.Grants;

namespace Coffer.Keys.Tests.Grants;

public sealed class CreateGrantValidatorTests
{
    private const string Grantee = "arn:aws:iam::111122223333:role/app";

    private static CreateGrantInput Valid => new()
    {
        Operations = ["Decrypt", "Encrypt", "DescribeKey"],
        GranteePrincipal = Grantee,
        RetiringPrincipal = "arn:aws:iam::111122223333:user/ops",
        Name = "my-grant:1/a_b",
        Constraints = new GrantConstraints { EncryptionContextSubset = new Dictionary<string, string> { ["Department"] = "IT" } },
        GrantTokens = ["token"],
    };

    private static string Error(CreateGrantInput input)
    {
        Assert.False(CreateGrantValidator.TryValidate(input, out var operations, out var error));
        Assert.Null(operations);
        return error;
    }

    [Fact]
    public void TryValidate_ValidInput_ReturnsTheParsedOperations()
    {
        Assert.True(CreateGrantValidator.TryValidate(Valid with { Operations = ["Decrypt", "Encrypt", "Decrypt", "DescribeKey"] }, out var operations, out var error), error);

        Assert.Equal([GrantOperation.Decrypt, GrantOperation.Encrypt, GrantOperation.DescribeKey], operations);
    }

    [Fact]
    public void TryValidate_NoOperations_Fails()
    {
        Assert.Contains("at 'operations'", Error(Valid with { Operations = [] }), StringComparison.Ordinal);
        Assert.Contains("at 'operations'", Error(Valid with { Operations = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_UnknownOperation_FailsWithTheEnumSet()
    {
        var error = Error(Valid with { Operations = ["Decrypt", "ReEncrypt"] });

        Assert.StartsWith("1 validation error detected: Value '[Decrypt, ReEncrypt]' at 'operations'", error, StringComparison.Ordinal);
        Assert.Contains("enum value set: [Decrypt, Encrypt,", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_OnlyCreateGrant_Fails()
    {
        Assert.Equal(CreateGrantValidator.OnlyCreateGrantMessage, Error(Valid with { Operations = ["CreateGrant"] }));
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:root", true)]
    [InlineData("arn:aws:iam::111122223333:user/alice", true)]
    [InlineData("arn:aws:iam::111122223333:role/path/app", true)]
    [InlineData("arn:aws:sts::111122223333:assumed-role/app/session", true)]
    [InlineData("arn:aws:sts::111122223333:federated-user/bob", true)]
    [InlineData("111122223333", false)]
    [InlineData("rds.us-east-1.amazonaws.com", false)]
    [InlineData("arn:aws:iam::111122223333:group/admins", false)]
    [InlineData("arn:aws:iam::1111:user/alice", false)]
    [InlineData("arn:aws:iam::111122223333:user/", false)]
    [InlineData("arn:aws:s3:::bucket", false)]
    public void IsValidGranteePrincipal_Shape_MatchesAwsPrincipals(string principal, bool expected)
    {
        Assert.Equal(expected, CreateGrantValidator.IsValidGranteePrincipal(principal));
    }

    [Fact]
    public void TryValidate_BadOrMissingGrantee_Fails()
    {
        Assert.Contains("at 'granteePrincipal'", Error(Valid with { GranteePrincipal = "rds.amazonaws.com" }), StringComparison.Ordinal);
        Assert.Contains("at 'granteePrincipal'", Error(Valid with { GranteePrincipal = null }), StringComparison.Ordinal);
        Assert.Contains("at 'retiringPrincipal'", Error(Valid with { RetiringPrincipal = "nobody" }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("Az09:/_-", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("dot.name", false)]
    [InlineData("ümlaut", false)]
    public void IsValidName_Pattern_FollowsTheModel(string name, bool expected)
    {
        Assert.Equal(expected, CreateGrantValidator.IsValidName(name));
    }

    [Fact]
    public void IsValidName_Length_AllowsAtMost256()
    {
        Assert.True(CreateGrantValidator.IsValidName(new string('a', 256)));
        Assert.False(CreateGrantValidator.IsValidName(new string('a', 257)));
        Assert.Contains("at 'name'", Error(Valid with { Name = new string('a', 257) }), StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_GrantTokens_AllowsAtMostTen()
    {
        Assert.True(CreateGrantValidator.TryValidate(Valid with { GrantTokens = Enumerable.Repeat("t", 10).ToList() }, out _, out _));
        Assert.Contains("at 'grantTokens'", Error(Valid with { GrantTokens = Enumerable.Repeat("t", 11).ToList() }), StringComparison.Ordinal);
        Assert.Contains("at 'grantTokens'", Error(Valid with { GrantTokens = [""] }), StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_BothConstraints_Fails()
    {
        var both = new GrantConstraints
        {
            EncryptionContextSubset = new Dictionary<string, string> { ["a"] = "b" },
            EncryptionContextEquals = new Dictionary<string, string> { ["a"] = "b" },
        };

        Assert.Equal(CreateGrantValidator.MoreThanOneConstraintMessage, Error(Valid with { Constraints = both }));
    }

    [Fact]
    public void TryValidate_ConstraintWithDescribeKeyAndRetireGrant_IsAccepted()
    {
        Assert.True(CreateGrantValidator.TryValidate(Valid with { Operations = ["Decrypt", "DescribeKey", "RetireGrant", "CreateGrant"] }, out _, out var error), error);
    }

    [Theory]
    [InlineData("Sign")]
    [InlineData("Verify")]
    [InlineData("GetPublicKey")]
    [InlineData("GenerateMac")]
    [InlineData("VerifyMac")]
    [InlineData("DeriveSharedSecret")]
    public void TryValidate_ConstraintWithOperationWithoutEncryptionContext_Fails(string operation)
    {
        var error = Error(Valid with { Operations = ["Decrypt", operation] });

        Assert.Contains("do not take an encryption context: " + operation, error, StringComparison.Ordinal);
        Assert.True(CreateGrantValidator.TryValidate(Valid with { Operations = ["Decrypt", operation], Constraints = null }, out _, out _));
    }

    [Fact]
    public void TryValidate_ConstraintLimits_AllowEightPairsAnd384Characters()
    {
        static GrantConstraints Pairs(int count, int valueLength) => new()
        {
            EncryptionContextEquals = Enumerable.Range(0, count).ToDictionary(i => $"k{i}", _ => new string('v', valueLength)),
        };

        Assert.True(CreateGrantValidator.TryValidate(Valid with { Constraints = Pairs(8, 384) }, out _, out var error), error);
        Assert.Contains("at most 8", Error(Valid with { Constraints = Pairs(9, 1) }), StringComparison.Ordinal);
        Assert.Contains("384", Error(Valid with { Constraints = Pairs(1, 385) }), StringComparison.Ordinal);
    }
}
