using System.Globalization;
using System.Text;
using Coffer.Protocols.Http;
using Coffer.Protocols.SigV4;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Protocols.Tests.SigV4;

public sealed class SigV4VerifierTests
{
    private const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string OtherSecret = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    private const string Body = "{\"KeyId\":\"alias/example\",\"Plaintext\":\"aGVsbG8=\"}";

    private static readonly DateTimeOffset SignedAt = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(SigV4TestSuite.Names), MemberType = typeof(SigV4TestSuite))]
    public void Verify_TestSuiteRequestWithPublishedAuthorization_Succeeds(string name)
    {
        var vector = SigV4TestSuite.Get(name);
        var headers = vector.CreateHeaders();
        headers.Authorization = vector.Authorization;
        var query = vector.DecodeQuery();
        var credential = Parse(headers, query);
        var verifier = new SigV4Verifier(new FakeTimeProvider(SigV4TestVector.SigningTime));

        var (failure, message) = verifier.Verify(
            new SigV4Request(vector.Method, vector.RawPath, query, headers, vector.PayloadHash), credential, SigV4TestVector.SecretAccessKey);

        Assert.Equal(SigV4Failure.None, failure);
        Assert.Equal(string.Empty, message);
    }

    [Fact]
    public void Verify_CorrectlySignedRequest_Succeeds()
    {
        var request = SignedRequest(Secret);

        var (failure, _) = Verify(request, SignedAt, Secret);

        Assert.Equal(SigV4Failure.None, failure);
    }

    [Fact]
    public void Verify_BodyHashWithOneChangedCharacter_ReturnsSignatureMismatch()
    {
        var request = SignedRequest(Secret);
        var tampered = request with { BodySha256 = (request.BodySha256[0] == '0' ? "1" : "0") + request.BodySha256[1..] };

        var (failure, message) = Verify(tampered, SignedAt, Secret);

        Assert.Equal(SigV4Failure.SignatureMismatch, failure);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BodyWithOneChangedByte_ReturnsSignatureMismatch()
    {
        var request = SignedRequest(Secret);
        var body = Encoding.UTF8.GetBytes(Body);
        body[^2] ^= 0x01;

        var (failure, _) = Verify(request with { BodySha256 = SigV4Signer.HexSha256(body) }, SignedAt, Secret);

        Assert.Equal(SigV4Failure.SignatureMismatch, failure);
    }

    [Fact]
    public void Verify_WrongSecret_ReturnsSignatureMismatch()
    {
        var request = SignedRequest(Secret);

        var (failure, _) = Verify(request, SignedAt, OtherSecret);

        Assert.Equal(SigV4Failure.SignatureMismatch, failure);
    }

    [Fact]
    public void Verify_WrongSecretAfterRightSecretOnSameVerifier_ReturnsSignatureMismatch()
    {
        // The verifier caches derived signing keys; a cached key must never stand in for a different secret.
        var request = SignedRequest(Secret);
        var credential = Parse(request.Headers, request.Query);
        var verifier = new SigV4Verifier(new FakeTimeProvider(SignedAt));

        var first = verifier.Verify(request, credential, Secret);
        var second = verifier.Verify(request, credential, OtherSecret);

        Assert.Equal(SigV4Failure.None, first.Failure);
        Assert.Equal(SigV4Failure.SignatureMismatch, second.Failure);
    }

    [Fact]
    public void Verify_SignedWithOtherSecretAfterRightSecretOnSameVerifier_Succeeds()
    {
        // A key whose secret changed (re-created under the same id) must verify with its new secret.
        var verifier = new SigV4Verifier(new FakeTimeProvider(SignedAt));
        var oldRequest = SignedRequest(Secret);
        var newRequest = SignedRequest(OtherSecret);

        var first = verifier.Verify(oldRequest, Parse(oldRequest.Headers, oldRequest.Query), Secret);
        var second = verifier.Verify(newRequest, Parse(newRequest.Headers, newRequest.Query), OtherSecret);

        Assert.Equal(SigV4Failure.None, first.Failure);
        Assert.Equal(SigV4Failure.None, second.Failure);
    }

    [Theory]
    [InlineData(-15 * 60)]
    [InlineData(15 * 60)]
    public void Verify_ClockSkewOfExactlyFifteenMinutes_Succeeds(int skewSeconds)
    {
        var (failure, _) = Verify(SignedRequest(Secret), SignedAt.AddSeconds(skewSeconds), Secret);

        Assert.Equal(SigV4Failure.None, failure);
    }

    [Fact]
    public void Verify_ServerFifteenMinutesAndOneSecondAhead_ReturnsRequestExpired()
    {
        var (failure, message) = Verify(SignedRequest(Secret), SignedAt.AddSeconds((15 * 60) + 1), Secret);

        Assert.Equal(SigV4Failure.RequestExpired, failure);
        Assert.Equal("Signature expired: 20240501T120000Z is now earlier than 20240501T120001Z (20240501T121501Z - 15 min.)", message);
    }

    [Fact]
    public void Verify_ServerFifteenMinutesAndOneSecondBehind_ReturnsRequestExpired()
    {
        var (failure, message) = Verify(SignedRequest(Secret), SignedAt.AddSeconds(-(15 * 60) - 1), Secret);

        Assert.Equal(SigV4Failure.RequestExpired, failure);
        Assert.Equal("Signature not yet current: 20240501T120000Z is still later than 20240501T115959Z (20240501T114459Z + 15 min.)", message);
    }

    [Fact]
    public void Verify_MatchingContentSha256Header_Succeeds()
    {
        var request = SignedRequest(Secret, declareContentSha256: true);

        var (failure, _) = Verify(request, SignedAt, Secret);

        Assert.Equal(SigV4Failure.None, failure);
    }

    [Fact]
    public void Verify_ContentSha256HeaderNotMatchingBody_ReturnsSignatureMismatch()
    {
        var request = SignedRequest(Secret);
        request.Headers["X-Amz-Content-Sha256"] = SigV4Constants.EmptyBodyHash;

        var (failure, message) = Verify(request, SignedAt, Secret);

        Assert.Equal(SigV4Failure.SignatureMismatch, failure);
        Assert.Equal("The provided 'x-amz-content-sha256' header does not match the lower-case hex SHA-256 of the request body.", message);
    }

    [Fact]
    public void Verify_PresignedAtItsExpirySecond_Succeeds()
    {
        var request = PresignedRequest(Secret, expiresSeconds: 300);

        var (failure, _) = Verify(request, SignedAt.AddSeconds(300), Secret);

        Assert.Equal(SigV4Failure.None, failure);
    }

    [Fact]
    public void Verify_PresignedOneSecondAfterExpiry_ReturnsRequestExpired()
    {
        var request = PresignedRequest(Secret, expiresSeconds: 300);

        var (failure, message) = Verify(request, SignedAt.AddSeconds(301), Secret);

        Assert.Equal(SigV4Failure.RequestExpired, failure);
        Assert.Equal(
            "Request has expired: it was signed at 20240501T120000Z and was valid for 300 seconds; the server's time is 20240501T120501Z.", message);
    }

    [Fact]
    public void Verify_PresignedLongerThanClockSkewStillWithinExpiry_Succeeds()
    {
        var request = PresignedRequest(Secret, expiresSeconds: 3600);

        var (failure, _) = Verify(request, SignedAt.AddSeconds(3600), Secret);

        Assert.Equal(SigV4Failure.None, failure);
    }

    [Fact]
    public void Verify_PresignedFifteenMinutesAndOneSecondInTheFuture_ReturnsRequestExpired()
    {
        var request = PresignedRequest(Secret, expiresSeconds: 300);

        var atLimit = Verify(request, SignedAt.AddSeconds(-15 * 60), Secret);
        var pastLimit = Verify(request, SignedAt.AddSeconds(-(15 * 60) - 1), Secret);

        Assert.Equal(SigV4Failure.None, atLimit.Failure);
        Assert.Equal(SigV4Failure.RequestExpired, pastLimit.Failure);
    }

    [Fact]
    public void Verify_PresignedWithChangedQueryParameter_ReturnsSignatureMismatch()
    {
        var request = PresignedRequest(Secret, expiresSeconds: 300);
        var query = request.Query.Select(p => p.Key == "Action" ? new KeyValuePair<string, string>(p.Key, "DeleteUser") : p).ToList();

        var (failure, _) = Verify(request with { Query = query }, SignedAt, Secret);

        Assert.Equal(SigV4Failure.SignatureMismatch, failure);
    }

    private static (SigV4Failure Failure, string Message) Verify(SigV4Request request, DateTimeOffset now, string secret)
    {
        var credential = Parse(request.Headers, request.Query);
        return new SigV4Verifier(new FakeTimeProvider(now)).Verify(request, credential, secret);
    }

    private static SigV4Credential Parse(IHeaderDictionary headers, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var result = SigV4AuthorizationParser.Parse(headers, query);
        Assert.True(result.Succeeded, result.Message);
        return result.Credential!;
    }

    /// <summary>A KMS-style JSON 1.1 request signed in the Authorization header, the way an SDK signs it.</summary>
    private static SigV4Request SignedRequest(string secret, bool declareContentSha256 = false)
    {
        var amzDate = SignedAt.ToString(SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture);
        var scope = "20240501/us-east-1/kms/aws4_request";
        var bodyHash = SigV4Signer.HexSha256(Encoding.UTF8.GetBytes(Body));
        IHeaderDictionary headers = new HeaderDictionary
        {
            ["Host"] = "localhost:4566",
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Target"] = "TrentService.Encrypt",
        };
        List<string> signedHeaders = ["content-type", "host", "x-amz-date", "x-amz-target"];
        if (declareContentSha256)
        {
            headers["X-Amz-Content-Sha256"] = bodyHash;
            signedHeaders.Insert(3, "x-amz-content-sha256");
        }

        KeyValuePair<string, string>[] query = [];
        var canonical = CanonicalRequest.Build("POST", "/", query, headers, signedHeaders, bodyHash);
        var stringToSign = SigV4Signer.StringToSign(amzDate, scope, canonical);
        var signature = SigV4Signer.ComputeSignature(SigV4Signer.DeriveSigningKey(secret, "20240501", "us-east-1", "kms"), stringToSign);
        headers.Authorization = SigV4Signer.AuthorizationHeader(AccessKeyId, scope, signedHeaders, signature);
        return new SigV4Request("POST", "/", query, headers, bodyHash);
    }

    /// <summary>A presigned GET, its query string encoded and decoded again as the server receives it.</summary>
    private static SigV4Request PresignedRequest(string secret, int expiresSeconds)
    {
        var amzDate = SignedAt.ToString(SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture);
        var scope = "20240501/us-east-1/rds/aws4_request";
        IHeaderDictionary headers = new HeaderDictionary { ["Host"] = "localhost:4566" };
        string[] signedHeaders = ["host"];
        var unsigned = string.Join('&',
            "Action=DescribeDBClusters",
            "Version=2014-10-31",
            "X-Amz-Algorithm=AWS4-HMAC-SHA256",
            $"X-Amz-Credential={UriEncoding.Encode($"{AccessKeyId}/{scope}")}",
            $"X-Amz-Date={amzDate}",
            $"X-Amz-Expires={expiresSeconds.ToString(CultureInfo.InvariantCulture)}",
            "X-Amz-SignedHeaders=host");
        Assert.True(QueryStringParser.TryParse(unsigned, out var unsignedPairs, out _));
        var canonical = CanonicalRequest.Build("GET", "/", unsignedPairs, headers, signedHeaders, SigV4Constants.EmptyBodyHash);
        var stringToSign = SigV4Signer.StringToSign(amzDate, scope, canonical);
        var signature = SigV4Signer.ComputeSignature(SigV4Signer.DeriveSigningKey(secret, "20240501", "us-east-1", "rds"), stringToSign);

        Assert.True(QueryStringParser.TryParse($"{unsigned}&X-Amz-Signature={signature}", out var pairs, out _));
        return new SigV4Request("GET", "/", pairs, headers, SigV4Constants.EmptyBodyHash);
    }
}
