using System.Net;
using System.Xml.Linq;

namespace Coffer.Server.Tests.Support;

/// <summary>A parsed <c>GetCallerIdentityResponse</c>.</summary>
internal sealed record CallerIdentityResponse(string Account, string UserId, string Arn, string RequestId)
{
    public static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>
    /// Asserts a 200 <c>text/xml</c> <c>&lt;GetCallerIdentityResponse&gt;</c> in the STS namespace with exactly the
    /// result members and a RequestId equal to the <c>x-amzn-RequestId</c> header, and returns it.
    /// </summary>
    public static async Task<CallerIdentityResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await WireAssert.BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var root = XDocument.Parse(body).Root!;
        Assert.Equal(Sts + "GetCallerIdentityResponse", root.Name);
        Assert.Equal([Sts + "GetCallerIdentityResult", Sts + "ResponseMetadata"], root.Elements().Select(e => e.Name));
        var result = root.Element(Sts + "GetCallerIdentityResult")!;
        Assert.Equal([Sts + "Arn", Sts + "UserId", Sts + "Account"], result.Elements().Select(e => e.Name));
        var requestId = root.Element(Sts + "ResponseMetadata")!.Element(Sts + "RequestId")!.Value;
        Assert.Equal(WireAssert.RequestId(response), requestId);
        return new CallerIdentityResponse(
            result.Element(Sts + "Account")!.Value,
            result.Element(Sts + "UserId")!.Value,
            result.Element(Sts + "Arn")!.Value,
            requestId);
    }
}
