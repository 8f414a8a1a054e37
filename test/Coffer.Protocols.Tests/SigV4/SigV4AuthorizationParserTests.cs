using Coffer.Protocols.SigV4;
using Microsoft.AspNetCore.Http;

namespace Coffer.Protocols.Tests.SigV4;

public sealed class SigV4AuthorizationParserTests
{
    private const string Signature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    private const string Credential = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private const string ValidAuthorization =
        $"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=host;x-amz-date, Signature={Signature}";

    private static readonly KeyValuePair<string, string>[] NoQuery = [];

    [Fact]
    public void Parse_HeaderSignedRequest_ReadsCredential()
    {
        var result = SigV4AuthorizationParser.Parse(Headers(ValidAuthorization), NoQuery);

        Assert.True(result.Succeeded);
        Assert.Equal(SigV4Failure.None, result.Failure);
        Assert.Equal(string.Empty, result.Message);
        var credential = result.Credential!;
        Assert.Equal("AKIDEXAMPLE", credential.AccessKeyId);
        Assert.Equal("20150830", credential.ScopeDate);
        Assert.Equal("us-east-1", credential.Region);
        Assert.Equal("service", credential.Service);
        Assert.Equal("20150830/us-east-1/service/aws4_request", credential.Scope);
        Assert.Equal(["host", "x-amz-date"], credential.SignedHeaders);
        Assert.Equal(Signature, credential.Signature);
        Assert.Equal(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), credential.RequestTime);
        Assert.False(credential.Presigned);
        Assert.Equal(0, credential.ExpiresSeconds);
    }

    [Fact]
    public void Parse_ElementsWithoutSpacesAfterCommas_ReadsCredential()
    {
        var result = SigV4AuthorizationParser.Parse(
            Headers($"AWS4-HMAC-SHA256 Credential={Credential},SignedHeaders=host;x-amz-date,Signature={Signature}"), NoQuery);

        Assert.True(result.Succeeded);
        Assert.Equal(["host", "x-amz-date"], result.Credential!.SignedHeaders);
    }

    [Fact]
    public void Parse_NoHeaderAndNoQuery_ReturnsMissingAuthentication()
    {
        var result = SigV4AuthorizationParser.Parse(Headers(authorization: null), NoQuery);

        Assert.False(result.Succeeded);
        Assert.Null(result.Credential);
        Assert.Equal(SigV4Failure.MissingAuthentication, result.Failure);
        Assert.Equal("Request is missing Authentication Token.", result.Message);
    }

    [Theory]
    [InlineData($"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=host;x-amz-date", "'Signature'")]
    [InlineData($"AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature={Signature}", "'Credential'")]
    [InlineData($"AWS4-HMAC-SHA256 Credential={Credential}, Signature={Signature}", "'SignedHeaders'")]
    public void Parse_HeaderMissingElement_ReturnsIncompleteSignatureNamingIt(string authorization, string named)
    {
        var result = SigV4AuthorizationParser.Parse(Headers(authorization), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Null(result.Credential);
        Assert.Contains(named, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderMissingAllElements_NamesEachMissingElement()
    {
        var result = SigV4AuthorizationParser.Parse(Headers("AWS4-HMAC-SHA256 "), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. " +
            "Authorization header requires 'Signature' parameter.",
            result.Message);
    }

    [Fact]
    public void Parse_AlgorithmOnly_NamesEachMissingElement()
    {
        var result = SigV4AuthorizationParser.Parse(Headers("AWS4-HMAC-SHA256"), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. " +
            "Authorization header requires 'Signature' parameter.",
            result.Message);
    }

    [Fact]
    public void Parse_NoDateHeader_ReturnsIncompleteSignatureNamingXAmzDate()
    {
        var headers = new HeaderDictionary { ["Host"] = "example.amazonaws.com", ["Authorization"] = ValidAuthorization };

        var result = SigV4AuthorizationParser.Parse(headers, NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Contains("'X-Amz-Date'", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"AWS4-HMAC-SHA1 Credential={Credential}, SignedHeaders=host;x-amz-date, Signature={Signature}")]
    [InlineData($"AWS AKIDEXAMPLE:c2lnbmF0dXJl")]
    [InlineData($"aws4-hmac-sha256 Credential={Credential}, SignedHeaders=host;x-amz-date, Signature={Signature}")]
    [InlineData("Bearer abc")]
    public void Parse_WrongAlgorithm_ReturnsIncompleteSignature(string authorization)
    {
        var result = SigV4AuthorizationParser.Parse(Headers(authorization), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal("Unsupported authorization type; only AWS4-HMAC-SHA256 is accepted.", result.Message);
    }

    [Theory]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service/aws4_requests")]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service/aws5_request")]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service/AWS4_REQUEST")]
    public void Parse_WrongScopeTerminator_ReturnsIncompleteSignature(string credential)
    {
        var result = SigV4AuthorizationParser.Parse(
            Headers($"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host;x-amz-date, Signature={Signature}"), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.StartsWith("Credential should be scoped with a valid terminator: 'aws4_request'", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service")]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/extra")]
    [InlineData("AKIDEXAMPLE//us-east-1/service/aws4_request")]
    public void Parse_CredentialNotFiveParts_ReturnsIncompleteSignature(string credential)
    {
        var result = SigV4AuthorizationParser.Parse(
            Headers($"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host;x-amz-date, Signature={Signature}"), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.StartsWith("Credential must have the form", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20150829")]
    [InlineData("20150831")]
    public void Parse_ScopeDateNotMatchingXAmzDate_ReturnsSignatureMismatch(string scopeDate)
    {
        var result = SigV4AuthorizationParser.Parse(
            Headers($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{scopeDate}/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={Signature}"),
            NoQuery);

        Assert.Equal(SigV4Failure.SignatureMismatch, result.Failure);
        Assert.Equal("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.", result.Message);
    }

    [Theory]
    [InlineData("x-amz-date")]
    [InlineData("content-type;x-amz-date")]
    public void Parse_SignedHeadersWithoutHost_ReturnsIncompleteSignature(string signedHeaders)
    {
        var result = SigV4AuthorizationParser.Parse(
            Headers($"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders={signedHeaders}, Signature={Signature}"), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal("'Host' must be a 'SignedHeader' in the AWS Authorization.", result.Message);
    }

    [Fact]
    public void Parse_SignedHeadersWithoutXAmzDate_ReturnsIncompleteSignature()
    {
        var result = SigV4AuthorizationParser.Parse(
            Headers($"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=host, Signature={Signature}"), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal("'x-amz-date' must be a 'SignedHeader' in the AWS Authorization.", result.Message);
    }

    [Theory]
    [InlineData("5FA00FA31553B73EBF1942676E86291E8372FF2A2260956D9B8AAE1D763FBF31")] // upper case
    [InlineData("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf3")] // 63 characters
    [InlineData("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31a")] // 65 characters
    [InlineData("zfa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    public void Parse_SignatureNotLowerHex64_ReturnsIncompleteSignature(string signature)
    {
        var result = SigV4AuthorizationParser.Parse(
            Headers($"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=host;x-amz-date, Signature={signature}"), NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
    }

    [Fact]
    public void Parse_TwoAuthorizationHeaders_ReturnsIncompleteSignature()
    {
        var headers = Headers(ValidAuthorization);
        headers.Authorization = new([ValidAuthorization, ValidAuthorization]);

        var result = SigV4AuthorizationParser.Parse(headers, NoQuery);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
    }

    [Fact]
    public void Parse_PresignedQuery_ReadsPresignedCredential()
    {
        var result = SigV4AuthorizationParser.Parse(Headers(authorization: null, amzDate: null), Presigned("86400"));

        Assert.True(result.Succeeded);
        var credential = result.Credential!;
        Assert.True(credential.Presigned);
        Assert.Equal(86400, credential.ExpiresSeconds);
        Assert.Equal("AKIDEXAMPLE", credential.AccessKeyId);
        Assert.Equal("20150830/us-east-1/service/aws4_request", credential.Scope);
        Assert.Equal(["host"], credential.SignedHeaders);
        Assert.Equal(Signature, credential.Signature);
        Assert.Equal(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), credential.RequestTime);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("604800")]
    public void Parse_PresignedExpiresWithinOneToSevenDays_IsAccepted(string expires)
    {
        var result = SigV4AuthorizationParser.Parse(Headers(authorization: null, amzDate: null), Presigned(expires));

        Assert.True(result.Succeeded);
        Assert.Equal(int.Parse(expires, System.Globalization.CultureInfo.InvariantCulture), result.Credential!.ExpiresSeconds);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("604801")]
    [InlineData("-1")]
    [InlineData("+60")]
    [InlineData("60.5")]
    [InlineData("")]
    [InlineData("99999999999")]
    public void Parse_PresignedExpiresOutOfRange_ReturnsIncompleteSignature(string expires)
    {
        var result = SigV4AuthorizationParser.Parse(Headers(authorization: null, amzDate: null), Presigned(expires));

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Equal("X-Amz-Expires must be a whole number of seconds from 1 to 604800.", result.Message);
    }

    [Theory]
    [InlineData("X-Amz-Credential")]
    [InlineData("X-Amz-Date")]
    [InlineData("X-Amz-Expires")]
    [InlineData("X-Amz-SignedHeaders")]
    [InlineData("X-Amz-Signature")]
    public void Parse_PresignedQueryMissingParameter_ReturnsIncompleteSignatureNamingIt(string parameter)
    {
        var query = Presigned("300").Where(p => p.Key != parameter).ToList();

        var result = SigV4AuthorizationParser.Parse(Headers(authorization: null, amzDate: null), query);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Contains(parameter, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PresignedQueryWithWrongAlgorithm_ReturnsIncompleteSignature()
    {
        var query = Presigned("300").Select(p => p.Key == "X-Amz-Algorithm" ? new(p.Key, "AWS4-HMAC-SHA1") : p).ToList();

        var result = SigV4AuthorizationParser.Parse(Headers(authorization: null, amzDate: null), query);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
    }

    [Fact]
    public void Parse_PresignedQueryWithRepeatedSignature_ReturnsIncompleteSignature()
    {
        var query = Presigned("300").Append(new("X-Amz-Signature", Signature)).ToList();

        var result = SigV4AuthorizationParser.Parse(Headers(authorization: null, amzDate: null), query);

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Contains("X-Amz-Signature", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderAndPresignedQuery_ReturnsIncompleteSignature()
    {
        var result = SigV4AuthorizationParser.Parse(Headers(ValidAuthorization), Presigned("300"));

        Assert.Equal(SigV4Failure.IncompleteSignature, result.Failure);
        Assert.Null(result.Credential);
        Assert.StartsWith("Only one auth mechanism allowed", result.Message, StringComparison.Ordinal);
    }

    private static IHeaderDictionary Headers(string? authorization, string? amzDate = "20150830T123600Z")
    {
        IHeaderDictionary headers = new HeaderDictionary { ["Host"] = "example.amazonaws.com" };
        if (amzDate is not null)
        {
            headers["X-Amz-Date"] = amzDate;
        }

        if (authorization is not null)
        {
            headers.Authorization = authorization;
        }

        return headers;
    }

    private static List<KeyValuePair<string, string>> Presigned(string expires) =>
    [
        new("Action", "ListUsers"),
        new("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        new("X-Amz-Credential", Credential),
        new("X-Amz-Date", "20150830T123600Z"),
        new("X-Amz-Expires", expires),
        new("X-Amz-SignedHeaders", "host"),
        new("X-Amz-Signature", Signature),
    ];
}
