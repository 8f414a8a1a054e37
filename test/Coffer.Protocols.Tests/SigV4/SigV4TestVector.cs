using System.Text;
using Coffer.Protocols.Http;
using Coffer.Protocols.SigV4;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Coffer.Protocols.Tests.SigV4;

/// <summary>One request of AWS's SigV4 test suite with the published canonical request, string-to-sign hash and signature.</summary>
/// <param name="Name">The suite's name for the case (its folder name).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="RequestTarget">The request target exactly as it appears in the suite's request line: raw path and raw query.</param>
/// <param name="Headers">The request headers in the order sent; a header sent several times has several values.</param>
/// <param name="Body">The request body.</param>
/// <param name="SignedHeaders">The lower-case signed header names.</param>
/// <param name="CanonicalRequest">The published canonical request (<c>.creq</c>).</param>
/// <param name="CanonicalRequestHash">The last line of the published string to sign (<c>.sts</c>).</param>
/// <param name="Signature">The signature of the published <c>Authorization</c> header (<c>.authz</c>).</param>
public sealed record SigV4TestVector(
    string Name,
    string Method,
    string RequestTarget,
    (string Name, string[] Values)[] Headers,
    string Body,
    string[] SignedHeaders,
    string CanonicalRequest,
    string CanonicalRequestHash,
    string Signature)
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string Service = "service";
    public const string AmzDate = "20150830T123600Z";
    public const string ScopeDate = "20150830";
    public const string Scope = "20150830/us-east-1/service/aws4_request";

    /// <summary>The instant of <see cref="AmzDate"/>.</summary>
    public static readonly DateTimeOffset SigningTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public string RawPath => RequestTarget.Split('?', 2)[0];

    public string RawQuery => RequestTarget.Contains('?', StringComparison.Ordinal) ? RequestTarget.Split('?', 2)[1] : string.Empty;

    public string PayloadHash => SigV4Signer.HexSha256(Encoding.UTF8.GetBytes(Body));

    /// <summary>The published string to sign (<c>.sts</c>).</summary>
    public string StringToSign => $"AWS4-HMAC-SHA256\n{AmzDate}\n{Scope}\n{CanonicalRequestHash}";

    /// <summary>The published <c>Authorization</c> header (<c>.authz</c>).</summary>
    public string Authorization =>
        $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{Scope}, SignedHeaders={string.Join(';', SignedHeaders)}, Signature={Signature}";

    public IHeaderDictionary CreateHeaders()
    {
        var headers = new HeaderDictionary();
        foreach (var (name, values) in Headers)
        {
            headers[name] = new StringValues(values);
        }

        return headers;
    }

    /// <summary>The query pairs, decoded the way the server decodes them.</summary>
    public List<KeyValuePair<string, string>> DecodeQuery()
    {
        Assert.True(QueryStringParser.TryParse(RawQuery, out var pairs, out var bad), $"Query segment '{bad}' did not decode.");
        return pairs;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
