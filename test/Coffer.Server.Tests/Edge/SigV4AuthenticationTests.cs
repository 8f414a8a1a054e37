using System.Net;
using System.Net.Http.Headers;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;
using Coffer.Protocols.SigV4;

namespace Coffer.Server.Tests.Edge;

/// <summary>
/// SigV4 failures reach the client in the shape of the protocol that was called: Query XML for <c>sts</c>, JSON 1.1 for
/// <c>kms</c>, REST-JSON for <c>lambda</c> (unserved, so only the edge answers).
/// </summary>
public sealed partial class SigV4AuthenticationTests
{
    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.Forbidden, "MissingAuthenticationToken")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "MissingAuthenticationTokenException")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "MissingAuthenticationTokenException")]
    public async Task Request_WithoutAuthorization_IsMissingAuthenticationToken(WireShape shape, HttpStatusCode status, string code)
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(ShapedRequests.Unsigned(server, shape));

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.Equal("Request is missing Authentication Token.", message);
    }

    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.Forbidden, "InvalidClientTokenId")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "UnrecognizedClientException")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "UnrecognizedClientException")]
    public async Task Request_WithUnknownAccessKey_IsInvalidClientTokenId(WireShape shape, HttpStatusCode status, string code)
    {
        await using var server = await CofferTestServer.StartAsync();
        var stranger = server.Signer("AKIAZZZZZZZZZZZZZZZZ", server.SecretAccessKey);

        using var response = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, stranger, shape));

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.Equal("The security token included in the request is invalid.", message);
    }

    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.Forbidden, "SignatureDoesNotMatch")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "InvalidSignatureException")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "InvalidSignatureException")]
    public async Task Request_WithWrongSecret_IsSignatureDoesNotMatch(WireShape shape, HttpStatusCode status, string code)
    {
        await using var server = await CofferTestServer.StartAsync();
        var wrongSecret = ShapedRequests.OtherSecret(server.SecretAccessKey);

        using var response = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(), shape, secret: wrongSecret));

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.Forbidden, "SignatureDoesNotMatch", "Action=GetCallerIdentity&Version=2011-06-15&Extra=1")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "InvalidSignatureException", "{\"Limit\":11}")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "InvalidSignatureException", "{\"sql\":\"DROP TABLE t\"}")]
    public async Task Request_WithBodyChangedAfterSigning_IsSignatureDoesNotMatch(WireShape shape, HttpStatusCode status, string code, string otherBody)
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = await ShapedRequests.SignedAsync(server, server.Signer(), shape);
        var contentType = request.Content!.Headers.ContentType;
        request.Content = new StringContent(otherBody);
        request.Content.Headers.ContentType = contentType;

        using var response = await server.Client.SendAsync(request);

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.Forbidden, "SignatureDoesNotMatch")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "InvalidSignatureException")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "InvalidSignatureException")]
    public async Task Request_WithContentSha256HeaderNotMatchingBody_IsSignatureDoesNotMatch(WireShape shape, HttpStatusCode status, string code)
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = ShapedRequests.Unsigned(server, shape);
        request.Headers.TryAddWithoutValidation("X-Amz-Content-Sha256", SigV4Constants.EmptyBodyHash);

        using var response = await server.Client.SendAsync(await server.Signer().SignAsync(request, ShapedRequests.Service(shape)));

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.Contains("x-amz-content-sha256", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.Forbidden, "InvalidClientTokenId")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "UnrecognizedClientException")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "UnrecognizedClientException")]
    public async Task Request_WithSecurityToken_IsRefusedSayingSessionTokensAreNotSupported(WireShape shape, HttpStatusCode status, string code)
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = ShapedRequests.Unsigned(server, shape);
        request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLETOKEN");

        using var response = await server.Client.SendAsync(await server.Signer().SignAsync(request, ShapedRequests.Service(shape)));

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.StartsWith("Session tokens are not supported", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WireShape.Query, HttpStatusCode.Forbidden, "SignatureDoesNotMatch")]
    [InlineData(WireShape.Json, HttpStatusCode.BadRequest, "InvalidSignatureException")]
    [InlineData(WireShape.RestJson, HttpStatusCode.Forbidden, "InvalidSignatureException")]
    public async Task Request_ScopedToUnknownRegion_IsRefusedNamingTheRegion(WireShape shape, HttpStatusCode status, string code)
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(), shape, region: "xx-east-9"));

        var message = await WireAssert.ErrorAsync(response, shape, status, code);
        Assert.Equal("Credential should be scoped to a valid region, not 'xx-east-9'.", message);
    }

    [Fact]
    public async Task Request_ScopedToAnotherCommercialRegion_IsAccepted()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var response = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(), WireShape.Query, region: "eu-west-1"));

        await CallerIdentityResponse.ReadAsync(response);
    }

    [Fact]
    public async Task Request_ScopedToRegionOutsideConfiguredSet_IsRefused()
    {
        await using var server = await CofferTestServer.StartAsync(args: ["--Coffer:Regions:0=eu-west-1", "--Coffer:DefaultRegion=eu-west-1"]);

        using var refused = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(), WireShape.Query, region: "us-east-1"));
        using var accepted = await server.Client.SendAsync(await ShapedRequests.SignedAsync(server, server.Signer(), WireShape.Query, region: "eu-west-1"));

        var message = await WireAssert.QueryErrorAsync(refused, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        Assert.Equal("Credential should be scoped to a valid region, not 'us-east-1'.", message);
        await CallerIdentityResponse.ReadAsync(accepted);
    }

    [Theory]
    [InlineData(WireShape.Query, "IncompleteSignature")]
    [InlineData(WireShape.Json, "IncompleteSignatureException")]
    [InlineData(WireShape.RestJson, "IncompleteSignatureException")]
    public async Task Request_WithAuthorizationMissingSignature_IsIncompleteSignatureNamingSignature(WireShape shape, string code)
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = await ShapedRequests.SignedAsync(server, server.Signer(), shape);
        var authorization = ShapedRequests.Authorization(request);
        ShapedRequests.SetAuthorization(request, authorization[..authorization.IndexOf(", Signature=", StringComparison.Ordinal)]);

        using var response = await server.Client.SendAsync(request);

        var message = await WireAssert.ErrorAsync(response, shape, HttpStatusCode.BadRequest, code);
        Assert.Equal("Authorization header requires 'Signature' parameter.", message);
    }

    [Theory]
    [InlineData(WireShape.Query, "IncompleteSignature")]
    [InlineData(WireShape.Json, "IncompleteSignatureException")]
    [InlineData(WireShape.RestJson, "IncompleteSignatureException")]
    public async Task Request_WithWrongAlgorithm_IsIncompleteSignature(WireShape shape, string code)
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = await ShapedRequests.SignedAsync(server, server.Signer(), shape);
        ShapedRequests.SetAuthorization(request, ShapedRequests.Authorization(request).Replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512", StringComparison.Ordinal));

        using var response = await server.Client.SendAsync(request);

        var message = await WireAssert.ErrorAsync(response, shape, HttpStatusCode.BadRequest, code);
        Assert.Equal("Unsupported authorization type; only AWS4-HMAC-SHA256 is accepted.", message);
    }

    [Fact]
    public async Task Request_WithTwoAuthorizationHeaderLines_IsIncompleteSignature()
    {
        await using var server = await CofferTestServer.StartAsync();
        var signed = await server.Signer().SignAsync(new HttpRequestMessage(HttpMethod.Get, server.At("/?" + ShapedRequests.GetCallerIdentityForm)), "sts");
        var authorization = "Authorization: " + ShapedRequests.Authorization(signed);
        var amzDate = "X-Amz-Date: " + signed.Headers.NonValidated["X-Amz-Date"];

        // HttpClient would fold two values into one line; the raw request carries two header lines.
        var response = await RawHttp.SendAsync(server, "GET", "/?" + ShapedRequests.GetCallerIdentityForm, amzDate, authorization, authorization);

        WireAssert.NoStackTrace(response.Body);
        Assert.Equal(400, response.Status);
        Assert.Contains("<Code>IncompleteSignature</Code>", response.Body, StringComparison.Ordinal);
        Assert.Contains("<Message>The request carries more than one Authorization header.</Message>", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WireShape.Query, "IncompleteSignature")]
    [InlineData(WireShape.Json, "IncompleteSignatureException")]
    [InlineData(WireShape.RestJson, "IncompleteSignatureException")]
    public async Task Request_WithBasicAuthorization_IsIncompleteSignature(WireShape shape, string code)
    {
        await using var server = await CofferTestServer.StartAsync();
        var request = ShapedRequests.Unsigned(server, shape);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");

        using var response = await server.Client.SendAsync(request);

        await WireAssert.ErrorAsync(response, shape, HttpStatusCode.BadRequest, code);
    }
}
