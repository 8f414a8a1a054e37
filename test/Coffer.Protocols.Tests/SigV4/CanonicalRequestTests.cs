using Coffer.Protocols.SigV4;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Coffer.Protocols.Tests.SigV4;

public sealed class CanonicalRequestTests
{
    private static readonly string[] HostDate = ["host", "x-amz-date"];

    [Theory]
    [MemberData(nameof(SigV4TestSuite.Names), MemberType = typeof(SigV4TestSuite))]
    public void Build_TestSuiteVector_EqualsPublishedCanonicalRequest(string name)
    {
        var vector = SigV4TestSuite.Get(name);

        var canonical = CanonicalRequest.Build(
            vector.Method, vector.RawPath, vector.DecodeQuery(), vector.CreateHeaders(), vector.SignedHeaders, vector.PayloadHash);

        Assert.Equal(vector.CanonicalRequest, canonical);
    }

    [Theory]
    [MemberData(nameof(SigV4TestSuite.Names), MemberType = typeof(SigV4TestSuite))]
    public void Build_TestSuiteVector_HashesToPublishedStringToSignLine(string name)
    {
        // Guards the typed-in data: the canonical request must be the one the published string to sign hashes.
        var vector = SigV4TestSuite.Get(name);

        Assert.Equal(vector.CanonicalRequestHash, SigV4Signer.HexSha256(System.Text.Encoding.UTF8.GetBytes(vector.CanonicalRequest)));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("//", "/")]
    [InlineData("/./", "/")]
    [InlineData("/..", "/")]
    [InlineData("/../..", "/")]
    [InlineData("/example/..", "/")]
    [InlineData("/example1/example2/../..", "/")]
    [InlineData("/./example", "/example")]
    [InlineData("//example//", "/example/")]
    [InlineData("/a/b/../c/./d/", "/a/c/d/")]
    [InlineData("/a/b/..", "/a")]
    [InlineData("/a//b", "/a/b")]
    [InlineData("/.../a", "/.../a")]
    public void NormalizePath_DotAndEmptySegments_AreRemoved(string rawPath, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.NormalizePath(rawPath));
    }

    [Fact]
    public void Build_PercentEncodedPath_IsEncodedAgain()
    {
        // Services other than S3 encode the path twice: the client's %20 becomes %2520.
        var canonical = Build("/example%20space/caf%C3%A9", [], Headers());

        Assert.Equal("/example%2520space/caf%25C3%25A9", canonical.Split('\n')[1]);
    }

    [Fact]
    public void Build_QueryNeedingEscapes_EncodesNamesAndValuesWithUpperCaseHexAndPercent20()
    {
        KeyValuePair<string, string>[] query = [new("b", "x y"), new("a*", "1+2=3"), new("c", "é/~")];

        var canonical = Build("/", query, Headers());

        Assert.Equal("a%2A=1%2B2%3D3&b=x%20y&c=%C3%A9%2F~", canonical.Split('\n')[2]);
    }

    [Fact]
    public void Build_EqualNamesSortedByEncodedValue_OrdersByOrdinalOfEncodedForm()
    {
        // Sorting happens after encoding: "%20" (0x25) sorts before "A" (0x41) and "a" (0x61).
        KeyValuePair<string, string>[] query = [new("p", "a"), new("p", "A"), new("p", " ")];

        var canonical = Build("/", query, Headers());

        Assert.Equal("p=%20&p=A&p=a", canonical.Split('\n')[2]);
    }

    [Fact]
    public void Build_HeaderNamesInAnyCase_AreReadCaseInsensitively()
    {
        var headers = new HeaderDictionary
        {
            ["HOST"] = "example.amazonaws.com",
            ["x-AMZ-date"] = "20150830T123600Z",
        };

        var canonical = Build("/", [], headers);

        Assert.Equal(SigV4TestSuite.Get("get-vanilla").CanonicalRequest, canonical);
    }

    [Fact]
    public void Build_HeaderValueWithTabsAndInnerRuns_IsTrimmedAndCollapsed()
    {
        var headers = Headers();
        headers["My-Header1"] = new StringValues(["\t a \t b  ", "  c   d"]);

        var canonical = CanonicalRequest.Build("GET", "/", [], headers, ["host", "my-header1", "x-amz-date"], SigV4Constants.EmptyBodyHash);

        Assert.Equal("my-header1:a b,c d", canonical.Split('\n')[4]);
    }

    private static HeaderDictionary Headers() => new()
    {
        ["Host"] = "example.amazonaws.com",
        ["X-Amz-Date"] = "20150830T123600Z",
    };

    private static string Build(string rawPath, IEnumerable<KeyValuePair<string, string>> query, IHeaderDictionary headers) =>
        CanonicalRequest.Build("GET", rawPath, query, headers, HostDate, SigV4Constants.EmptyBodyHash);
}
