using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Coffer.Protocols.SigV4;
using Microsoft.AspNetCore.Http;

namespace Coffer.Benchmarks.SigV4;

/// <summary>
/// The authentication cost of one request: a KMS-shaped JSON 1.1 POST of 1 KiB (an Encrypt of 700 bytes), as the
/// edge runs it: parse the Authorization header, hash the body, rebuild the canonical request, verify.
/// </summary>
[MemoryDiagnoser]
public class SigV4VerifierBenchmarks
{
    private const string AccessKeyId = "AKIAEXAMPLEEXAMPLE12";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly SigV4Verifier _verifier = new(new FixedTime(Now));
    private HeaderDictionary _headers = null!;
    private byte[] _body = null!;
    private List<KeyValuePair<string, string>> _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes("{\"KeyId\":\"alias/app\",\"Plaintext\":\"" + new string('A', 936) + "\",\"EncryptionContext\":{\"app\":\"bench\"}}");
        _query = [];
        var amzDate = Now.UtcDateTime.ToString(SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture);
        _headers = new HeaderDictionary
        {
            ["Host"] = "127.0.0.1:4600",
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Target"] = "TrentService.Encrypt",
        };
        string[] signed = ["content-type", "host", "x-amz-date", "x-amz-target"];
        var scope = $"{amzDate[..8]}/us-east-1/kms/aws4_request";
        var canonical = CanonicalRequest.Build("POST", "/", _query, _headers, signed, SigV4Signer.HexSha256(_body));
        var signature = SigV4Signer.ComputeSignature(SigV4Signer.DeriveSigningKey(Secret, amzDate[..8], "us-east-1", "kms"), SigV4Signer.StringToSign(amzDate, scope, canonical));
        _headers["Authorization"] = SigV4Signer.AuthorizationHeader(AccessKeyId, scope, signed, signature);
        if (Authenticate() != SigV4Failure.None)
        {
            throw new InvalidOperationException("The benchmark request does not verify.");
        }
    }

    [Benchmark(Description = "parse + hash 1 KiB body + verify (cached signing key)")]
    public SigV4Failure Authenticate()
    {
        var parsed = SigV4AuthorizationParser.Parse(_headers, _query);
        var request = new SigV4Request("POST", "/", _query, _headers, SigV4Signer.HexSha256(_body));
        return _verifier.Verify(request, parsed.Credential!, Secret).Failure;
    }

    [Benchmark(Description = "canonical request only")]
    public string Canonical() =>
        CanonicalRequest.Build("POST", "/", _query, _headers, ["content-type", "host", "x-amz-date", "x-amz-target"], SigV4Constants.EmptyBodyHash);

    [Benchmark(Description = "signing key derivation (first request of a key per day)")]
    public byte[] DeriveSigningKey() => SigV4Signer.DeriveSigningKey(Secret, "20261127", "us-east-1", "kms");

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
