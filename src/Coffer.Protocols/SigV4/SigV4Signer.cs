using System.Security.Cryptography;
using System.Text;

namespace Coffer.Protocols.SigV4;

/// <summary>The SigV4 key derivation and signature: the same computation signs and verifies.</summary>
public static class SigV4Signer
{
    /// <summary><c>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")</c>.</summary>
    public static byte[] DeriveSigningKey(string secretAccessKey, string scopeDate, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(secretAccessKey);
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        try
        {
            var kDate = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(scopeDate));
            var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
            var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
            var kSigning = HMACSHA256.HashData(kService, Encoding.UTF8.GetBytes(SigV4Constants.Terminator));
            CryptographicOperations.ZeroMemory(kDate);
            CryptographicOperations.ZeroMemory(kRegion);
            CryptographicOperations.ZeroMemory(kService);
            return kSigning;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary><c>AWS4-HMAC-SHA256 \n amz-date \n scope \n hex(SHA256(canonical-request))</c>.</summary>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{SigV4Constants.Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>The lower-case hex HMAC-SHA256 of the string to sign under the signing key.</summary>
    public static string ComputeSignature(ReadOnlySpan<byte> signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>The lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Builds an <c>Authorization</c> header value from its parts.</summary>
    public static string AuthorizationHeader(string accessKeyId, string scope, IEnumerable<string> signedHeaders, string signature) =>
        $"{SigV4Constants.Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";
}
