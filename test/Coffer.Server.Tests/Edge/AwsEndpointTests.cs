using System.Net;
using System.Text;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Edge;

/// <summary>Dispatch on the single endpoint: by the credential scope's service and the request's shape.</summary>
public sealed partial class AwsEndpointTests
{
    [Fact]
    public async Task SignedJsonRequest_ForUnservedService_IsUnknownOperationExceptionNamingTheService()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().JsonAsync("dynamodb", "DynamoDB_20120810.ListTables", "{}"));

        var message = await WireAssert.JsonErrorAsync(response, HttpStatusCode.BadRequest, "UnknownOperationException");
        Assert.Equal("Coffer does not serve the service 'dynamodb' named in the credential scope; it serves cloudtrail, kms, rds, rds-data, secretsmanager, sts.", message);
    }

    [Fact]
    public async Task SignedRestJsonRequest_ForUnservedService_IsUnknownOperationExceptionNamingTheService()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(), WireShape.RestJson));

        var message = await WireAssert.RestJsonErrorAsync(response, HttpStatusCode.BadRequest, "UnknownOperationException");
        Assert.Equal("Coffer does not serve the service 'lambda' named in the credential scope; it serves cloudtrail, kms, rds, rds-data, secretsmanager, sts.", message);
    }

    [Fact]
    public async Task SignedFormRequest_ForUnservedService_IsInvalidAction()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("s3", "Action=ListBuckets&Version=2006-03-01"));

        var message = await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "InvalidAction");
        Assert.Equal("Coffer does not serve the service 's3' named in the credential scope; it serves cloudtrail, kms, rds, rds-data, secretsmanager, sts.", message);
    }

    [Fact]
    public async Task SignedRequest_ForStsWithJsonTarget_AnswersInQueryShape()
    {
        await using var server = await CofferTestServer.StartAsync();

        // The credential scope names sts, a Query service: its shape wins over the X-Amz-Target header.
        using var response = await server.Client.SendAsync(await server.Signer().JsonAsync("sts", "AWSSecurityTokenServiceV20110615.GetCallerIdentity", "{}"));

        await WireAssert.QueryErrorAsync(response, HttpStatusCode.BadRequest, "MalformedQueryString");
    }

    [Theory]
    [InlineData("GET", "/anything-else")]
    [InlineData("GET", "/")]
    [InlineData("DELETE", "/2015-03-31/functions/f")]
    [InlineData("GET", "/_coffer")]
    [InlineData("GET", "/_coffer/health/x")]
    public async Task UnauthenticatedRequest_ToAnyOtherPath_IsMissingAuthenticationTokenNotA404(string method, string path)
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), server.At(path)));

        var message = await WireAssert.RestJsonErrorAsync(response, HttpStatusCode.Forbidden, "MissingAuthenticationTokenException");
        Assert.Equal("Request is missing Authentication Token.", message);
    }

    [Fact]
    public async Task UnauthenticatedRequest_WithActionInQueryString_IsQueryShapedMissingAuthenticationToken()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.GetAsync("/?Action=GetCallerIdentity&Version=2011-06-15");

        await WireAssert.QueryErrorAsync(response, HttpStatusCode.Forbidden, "MissingAuthenticationToken");
    }

    [Fact]
    public async Task UnauthenticatedRequest_WithJsonTarget_IsJsonShapedMissingAuthenticationToken()
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = ShapedRequests.Unsigned(server, WireShape.Json, "not json at all");

        using var response = await server.Client.SendAsync(request);

        await WireAssert.JsonErrorAsync(response, HttpStatusCode.BadRequest, "MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task Request_WithMalformedPercentEncodingInQueryString_IsA400NotA500()
    {
        await using var server = await CofferTestServer.StartAsync();

        var response = await RawHttp.SendAsync(server, "GET", "/?X=%zz");

        WireAssert.NoStackTrace(response.Body);
        Assert.Equal(400, response.Status);
        Assert.Equal("SerializationException", response.Headers["x-amzn-ErrorType"]);
        Assert.Equal("{\"message\":\"The query string is not valid URL encoding near 'X=%zz'.\"}", response.Body);
        Assert.True(Guid.TryParse(response.Headers["x-amzn-RequestId"], out _));
    }

    [Fact]
    public async Task QueryRequest_WithMalformedPercentEncodingInQueryString_IsQueryShapedMalformedQueryString()
    {
        await using var server = await CofferTestServer.StartAsync();
        var amzDate = DateTimeOffset.UnixEpoch.AddSeconds(1_740_830_400).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var response = await RawHttp.SendAsync(
            server,
            "GET",
            "/?Action=GetCallerIdentity&Version=2011-06-15&X=%zz",
            $"X-Amz-Date: {amzDate}",
            $"Authorization: AWS4-HMAC-SHA256 Credential={server.AccessKeyId}/{amzDate[..8]}/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature={new string('0', 64)}");

        WireAssert.NoStackTrace(response.Body);
        Assert.Equal(400, response.Status);
        Assert.StartsWith("text/xml", response.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("<Code>MalformedQueryString</Code>", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithNonUtf8BytesInIgnoredParameter_Succeeds()
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, server.At("/"))
        {
            Content = new ByteArrayContent([.. Encoding.ASCII.GetBytes("Action=GetCallerIdentity&Version=2011-06-15&X="), 0xff, 0xfe, 0xc3]),
        };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await server.Client.SendAsync(await server.Signer().SignAsync(request, "sts"));

        // Raw non-UTF-8 bytes decode to replacement characters in an ignored parameter: the request itself is valid.
        await CallerIdentityResponse.ReadAsync(response);
    }
}
