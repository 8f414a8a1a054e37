using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Protocols.SigV4;

/// <summary>
/// Checks a request's SigV4 signature: clock skew, presigned expiry, the declared payload hash and the signature itself,
/// compared in constant time. Derived signing keys are cached per access key, secret, day, region and service.
/// </summary>
public sealed class SigV4Verifier
{
    private const int MaxCachedKeys = 4096;
    // The secret is part of the key: a cached key must never answer for a different secret given for the same access key
    // (a wrong secret would verify, and a re-created key's new secret would not).
    private readonly ConcurrentDictionary<(string AccessKeyId, string Secret, string Date, string Region, string Service), byte[]> _signingKeys = new();
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier reading the current time from <paramref name="time"/>.</summary>
    public SigV4Verifier(TimeProvider time) => _time = time;

    /// <summary>Verifies <paramref name="request"/>, signed with <paramref name="credential"/>, against the key's secret.</summary>
    /// <returns><see cref="SigV4Failure.None"/> when the signature holds, else the failure and a message for the client.</returns>
    public (SigV4Failure Failure, string Message) Verify(SigV4Request request, SigV4Credential credential, string secretAccessKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credential);
        var now = _time.GetUtcNow();
        var amzDate = credential.RequestTime.UtcDateTime.ToString(SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture);
        if (credential.Presigned)
        {
            if (credential.RequestTime - now > SigV4Constants.MaxClockSkew)
            {
                return (SigV4Failure.RequestExpired, $"Request is not yet valid: its X-Amz-Date {amzDate} is more than 15 minutes after the server's time {Format(now)}.");
            }

            if (now > credential.RequestTime.AddSeconds(credential.ExpiresSeconds))
            {
                return (SigV4Failure.RequestExpired, $"Request has expired: it was signed at {amzDate} and was valid for {credential.ExpiresSeconds} seconds; the server's time is {Format(now)}.");
            }
        }
        else if ((now - credential.RequestTime).Duration() > SigV4Constants.MaxClockSkew)
        {
            var earlier = credential.RequestTime < now;
            return (SigV4Failure.RequestExpired, earlier
                ? $"Signature expired: {amzDate} is now earlier than {Format(now - SigV4Constants.MaxClockSkew)} ({Format(now)} - 15 min.)"
                : $"Signature not yet current: {amzDate} is still later than {Format(now + SigV4Constants.MaxClockSkew)} ({Format(now)} + 15 min.)");
        }

        var payloadHash = request.BodySha256;
        var declared = request.Headers["X-Amz-Content-Sha256"];
        if (declared.Count > 0 && !string.Equals(declared[0], request.BodySha256, StringComparison.Ordinal))
        {
            return (SigV4Failure.SignatureMismatch, "The provided 'x-amz-content-sha256' header does not match the lower-case hex SHA-256 of the request body.");
        }

        var query = credential.Presigned
            ? request.Query.Where(p => p.Key != SigV4AuthorizationParser.SignatureParameter)
            : request.Query;
        var canonical = CanonicalRequest.Build(request.Method, request.RawPath, query, request.Headers, credential.SignedHeaders, payloadHash);
        var stringToSign = SigV4Signer.StringToSign(amzDate, credential.Scope, canonical);
        var expected = SigV4Signer.ComputeSignature(SigningKey(credential, secretAccessKey), stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(credential.Signature)))
        {
            return (SigV4Failure.SignatureMismatch, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return (SigV4Failure.None, string.Empty);
    }

    private byte[] SigningKey(SigV4Credential credential, string secret)
    {
        var cacheKey = (credential.AccessKeyId, secret, credential.ScopeDate, credential.Region, credential.Service);
        if (_signingKeys.TryGetValue(cacheKey, out var key))
        {
            return key;
        }

        if (_signingKeys.Count >= MaxCachedKeys)
        {
            _signingKeys.Clear();
        }

        key = SigV4Signer.DeriveSigningKey(secret, credential.ScopeDate, credential.Region, credential.Service);
        _signingKeys[cacheKey] = key;
        return key;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture);
}
