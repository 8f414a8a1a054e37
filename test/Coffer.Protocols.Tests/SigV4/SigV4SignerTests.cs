using Coffer.Protocols.SigV4;

namespace Coffer.Protocols.Tests.SigV4;

public sealed class SigV4SignerTests
{
    [Theory]
    [MemberData(nameof(SigV4TestSuite.Names), MemberType = typeof(SigV4TestSuite))]
    public void StringToSign_TestSuiteVector_EqualsPublishedStringToSign(string name)
    {
        var vector = SigV4TestSuite.Get(name);
        var canonical = BuildCanonicalRequest(vector);

        var stringToSign = SigV4Signer.StringToSign(SigV4TestVector.AmzDate, SigV4TestVector.Scope, canonical);

        Assert.Equal(vector.StringToSign, stringToSign);
    }

    [Theory]
    [MemberData(nameof(SigV4TestSuite.Names), MemberType = typeof(SigV4TestSuite))]
    public void ComputeSignature_TestSuiteVector_EqualsPublishedSignature(string name)
    {
        var vector = SigV4TestSuite.Get(name);
        var stringToSign = SigV4Signer.StringToSign(SigV4TestVector.AmzDate, SigV4TestVector.Scope, BuildCanonicalRequest(vector));
        var key = SigV4Signer.DeriveSigningKey(
            SigV4TestVector.SecretAccessKey, SigV4TestVector.ScopeDate, SigV4TestVector.Region, SigV4TestVector.Service);

        var signature = SigV4Signer.ComputeSignature(key, stringToSign);

        Assert.Equal(vector.Signature, signature);
    }

    [Theory]
    [MemberData(nameof(SigV4TestSuite.Names), MemberType = typeof(SigV4TestSuite))]
    public void AuthorizationHeader_TestSuiteVector_EqualsPublishedAuthorization(string name)
    {
        var vector = SigV4TestSuite.Get(name);

        var header = SigV4Signer.AuthorizationHeader(SigV4TestVector.AccessKeyId, SigV4TestVector.Scope, vector.SignedHeaders, vector.Signature);

        Assert.Equal(vector.Authorization, header);
    }

    [Fact]
    public void DeriveSigningKey_AwsDocumentationExample_EqualsPublishedKey()
    {
        // "Examples of how to derive a signing key for Signature Version 4" (IAM, 2012-02-15).
        var key = SigV4Signer.DeriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");

        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void HexSha256_EmptyInput_EqualsEmptyBodyHash()
    {
        Assert.Equal(Coffer.Protocols.SigV4.SigV4Constants.EmptyBodyHash, SigV4Signer.HexSha256([]));
    }

    private static string BuildCanonicalRequest(SigV4TestVector vector) =>
        CanonicalRequest.Build(vector.Method, vector.RawPath, vector.DecodeQuery(), vector.CreateHeaders(), vector.SignedHeaders, vector.PayloadHash);
}
