using Coffer.Keys.Grants;

namespace Coffer.Keys.Tests.Grants;

public sealed class GrantOperationsTests
{
    /// <summary>botocore's GrantOperation enum, in its order.</summary>
    private static readonly string[] AwsNames =
    [
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign",
        "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac", "DeriveSharedSecret",
    ];

    [Fact]
    public void Format_EveryOperation_IsAwsName()
    {
        Assert.Equal(AwsNames, Enum.GetValues<GrantOperation>().Select(GrantOperations.Format));
    }

    [Fact]
    public void TryParse_EveryAwsName_RoundTrips()
    {
        foreach (var name in AwsNames)
        {
            Assert.True(GrantOperations.TryParse(name, out var operation), name);
            Assert.Equal(name, GrantOperations.Format(operation));
        }
    }

    [Theory]
    [InlineData("decrypt")]
    [InlineData("ReEncrypt")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_UnknownOrWrongCase_Fails(string? name)
    {
        Assert.False(GrantOperations.TryParse(name, out _));
    }

    [Theory]
    [InlineData(GrantOperation.Decrypt, true)]
    [InlineData(GrantOperation.GenerateDataKeyPair, true)]
    [InlineData(GrantOperation.ReEncryptTo, true)]
    [InlineData(GrantOperation.CreateGrant, true)]
    [InlineData(GrantOperation.DescribeKey, false)]
    [InlineData(GrantOperation.RetireGrant, false)]
    [InlineData(GrantOperation.Sign, false)]
    [InlineData(GrantOperation.GenerateMac, false)]
    public void TakesEncryptionContext_Operation_MatchesAws(GrantOperation operation, bool expected)
    {
        Assert.Equal(expected, GrantOperations.TakesEncryptionContext(operation));
    }
}
