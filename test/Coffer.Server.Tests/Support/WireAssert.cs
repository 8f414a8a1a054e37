using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Coffer.Server.Tests.Support;

/// <summary>
/// Asserts the exact error shape of each protocol: status, code, content type, the request id header, and that no
/// response ever leaks a stack trace.
/// </summary>
internal static class WireAssert
{
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>Asserts an error of <paramref name="shape"/>'s protocol and returns its message.</summary>
    public static Task<string> ErrorAsync(HttpResponseMessage response, WireShape shape, HttpStatusCode status, string code) => shape switch
    {
        WireShape.Query => QueryErrorAsync(response, status, code),
        WireShape.Json => JsonErrorAsync(response, status, code),
        _ => RestJsonErrorAsync(response, status, code),
    };

    /// <summary>
    /// An AWS Query <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>
    /// whose RequestId equals the <c>x-amzn-RequestId</c> header. Returns the message.
    /// </summary>
    public static async Task<string> QueryErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await BodyAsync(response);
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var root = XDocument.Parse(body).Root!;
        var ns = root.Name.Namespace;
        Assert.Equal(ns + "ErrorResponse", root.Name);
        Assert.Equal([ns + "Error", ns + "RequestId"], root.Elements().Select(e => e.Name));
        var error = root.Element(ns + "Error")!;
        Assert.Equal([ns + "Type", ns + "Code", ns + "Message"], error.Elements().Select(e => e.Name));
        Assert.Equal((int)status < 500 ? "Sender" : "Receiver", error.Element(ns + "Type")!.Value);
        Assert.Equal(code, error.Element(ns + "Code")!.Value);
        var requestId = root.Element(ns + "RequestId")!.Value;
        Assert.Equal(RequestId(response), requestId);
        var message = error.Element(ns + "Message")!.Value;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }

    /// <summary>
    /// An AWS JSON 1.1 error: <c>{"__type":code,"message":…}</c>, <c>X-Amzn-ErrorType: code</c>,
    /// content type <c>application/x-amz-json-1.1</c>. Returns the message.
    /// </summary>
    public static async Task<string> JsonErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await BodyAsync(response);
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
        using var document = JsonDocument.Parse(body);
        var members = document.RootElement.EnumerateObject().ToList();
        Assert.Equal(["__type", "message"], members.Select(m => m.Name));
        Assert.Equal(code, members[0].Value.GetString());
        _ = RequestId(response);
        var message = members[1].Value.GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    /// <summary>A REST-JSON error: <c>x-amzn-ErrorType: code</c> and <c>{"message":…}</c>. Returns the message.</summary>
    public static async Task<string> RestJsonErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await BodyAsync(response);
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
        using var document = JsonDocument.Parse(body);
        var members = document.RootElement.EnumerateObject().ToList();
        Assert.Equal(["message"], members.Select(m => m.Name));
        _ = RequestId(response);
        var message = members[0].Value.GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    /// <summary>
    /// A request of <paramref name="shape"/> that got through the body limit and authentication: STS answers
    /// GetCallerIdentity, KMS answers ListKeys, and the services not served yet say so in their own shape, naming themselves.
    /// </summary>
    public static async Task AuthenticatedAsync(HttpResponseMessage response, WireShape shape)
    {
        if (shape == WireShape.Query)
        {
            await CallerIdentityResponse.ReadAsync(response);
            return;
        }

        if (shape == WireShape.Json)
        {
            var body = await BodyAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
            using var document = System.Text.Json.JsonDocument.Parse(body);
            Assert.Equal(System.Text.Json.JsonValueKind.Array, document.RootElement.GetProperty("Keys").ValueKind);
            return;
        }

        var message = await ErrorAsync(response, shape, HttpStatusCode.BadRequest, "UnknownOperationException");
        Assert.Contains($"'{ShapedRequests.Service(shape)}'", message, StringComparison.Ordinal);
    }

    /// <summary>The one <c>x-amzn-RequestId</c> header, which must be a GUID.</summary>
    public static string RequestId(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(RequestIdHeader, out var values), "The response has no x-amzn-RequestId header.");
        var requestId = Assert.Single(values);
        Assert.True(Guid.TryParse(requestId, out _), $"x-amzn-RequestId '{requestId}' is not a GUID.");
        return requestId;
    }

    /// <summary>Reads the body as text and checks that it carries no exception text or stack trace.</summary>
    public static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        NoStackTrace(body);
        return body;
    }

    public static void NoStackTrace(string body)
    {
        Assert.DoesNotContain("Exception:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }
}
