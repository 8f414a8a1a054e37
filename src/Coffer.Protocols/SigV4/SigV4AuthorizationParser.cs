using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Coffer.Protocols.SigV4;

/// <summary>Reads the SigV4 authorization of a request from its <c>Authorization</c> header or its presigned query string.</summary>
public static class SigV4AuthorizationParser
{
    /// <summary>The query parameter that carries a presigned request's signature.</summary>
    public const string SignatureParameter = "X-Amz-Signature";

    private static readonly string[] PresignedParameters = ["X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", SignatureParameter, "X-Amz-Expires"];

    /// <summary>Reads the authorization, without checking the signature.</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="query">The decoded query-string pairs.</param>
    public static SigV4ParseResult Parse(IHeaderDictionary headers, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(query);
        var authorization = headers.Authorization;
        var presigned = query.Any(p => p.Key == "X-Amz-Algorithm" || p.Key == SignatureParameter || p.Key == "X-Amz-Credential");
        if (authorization.Count > 1)
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, "The request carries more than one Authorization header.");
        }

        if (authorization.Count == 1 && presigned)
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.");
        }

        if (authorization.Count == 1)
        {
            return ParseHeader(authorization[0] ?? string.Empty, headers);
        }

        return presigned
            ? ParseQuery(query)
            : SigV4ParseResult.Fail(SigV4Failure.MissingAuthentication, "Request is missing Authentication Token.");
    }

    private static SigV4ParseResult ParseHeader(string authorization, IHeaderDictionary headers)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? authorization : authorization[..space];
        if (algorithm != SigV4Constants.Algorithm)
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"Unsupported authorization type; only {SigV4Constants.Algorithm} is accepted.");
        }

        // With no space there are no elements at all (not the algorithm read again as one).
        var elements = space < 0 ? string.Empty : authorization[(space + 1)..];
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in elements.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"Authorization header element '{Truncate(part)}' is not of the form key=value.");
            }

            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default:
                    return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"Authorization header has an unknown element '{Truncate(part[..eq])}'.");
            }
        }

        var missing = new List<string>();
        if (credential is null) { missing.Add("Authorization header requires 'Credential' parameter."); }
        if (signedHeaders is null) { missing.Add("Authorization header requires 'SignedHeaders' parameter."); }
        if (signature is null) { missing.Add("Authorization header requires 'Signature' parameter."); }

        string? amzDate = headers["X-Amz-Date"].Count == 1 ? headers["X-Amz-Date"][0] : null;
        var dateHeaderName = "x-amz-date";
        if (amzDate is null && headers.Date.Count == 1)
        {
            amzDate = headers.Date[0];
            dateHeaderName = "date";
        }

        if (amzDate is null)
        {
            missing.Add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (missing.Count > 0)
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, string.Join(' ', missing));
        }

        return Build(credential!, signedHeaders!, signature!, amzDate!, dateHeaderName, presigned: false, expires: 0);
    }

    private static SigV4ParseResult ParseQuery(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        string? Single(string name)
        {
            string? found = null;
            foreach (var pair in query)
            {
                if (pair.Key == name)
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = pair.Value;
                }
            }

            return found;
        }

        var algorithm = Single("X-Amz-Algorithm");
        if (algorithm != SigV4Constants.Algorithm)
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"X-Amz-Algorithm must be given once and be {SigV4Constants.Algorithm}.");
        }

        var missing = PresignedParameters
            .Where(n => Single(n) is null)
            .ToList();
        if (missing.Count > 0)
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"A presigned request requires exactly one of each of these query parameters: {string.Join(", ", missing)}.");
        }

        if (!int.TryParse(Single("X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) ||
            expires < 1 || expires > SigV4Constants.MaxPresignedExpirySeconds)
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"X-Amz-Expires must be a whole number of seconds from 1 to {SigV4Constants.MaxPresignedExpirySeconds}.");
        }

        return Build(Single("X-Amz-Credential")!, Single("X-Amz-SignedHeaders")!, Single(SignatureParameter)!, Single("X-Amz-Date")!, "x-amz-date", presigned: true, expires);
    }

    private static SigV4ParseResult Build(string credential, string signedHeaders, string signature, string amzDate, string dateHeaderName, bool presigned, int expires)
    {
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope.Any(s => s.Length == 0))
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"Credential must have the form <AccessKeyId>/<yyyyMMdd>/<region>/<service>/aws4_request, not '{Truncate(credential)}'.");
        }

        if (scope[4] != SigV4Constants.Terminator)
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"Credential should be scoped with a valid terminator: 'aws4_request', not '{Truncate(scope[4])}'.");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, SigV4Constants.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var requestTime) &&
            (presigned || !DateTimeOffset.TryParseExact(amzDate, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out requestTime)))
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"Date must be in ISO-8601 basic format (yyyyMMdd'T'HHmmss'Z'), not '{Truncate(amzDate)}'.");
        }

        var headers = signedHeaders.Split(';');
        if (headers.Any(h => h.Length == 0 || h.Any(char.IsAsciiLetterUpper)))
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, "SignedHeaders must be a ';'-separated list of lower-case header names.");
        }

        if (!headers.Contains("host"))
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (!presigned && !headers.Contains(dateHeaderName))
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, $"'{dateHeaderName}' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigitLower))
        {
            return SigV4ParseResult.Fail(SigV4Failure.IncompleteSignature, "Signature must be 64 lower-case hexadecimal characters.");
        }

        if (requestTime.UtcDateTime.ToString(SigV4Constants.DateFormat, CultureInfo.InvariantCulture) != scope[1])
        {
            return SigV4ParseResult.Fail(SigV4Failure.SignatureMismatch, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }

        return SigV4ParseResult.Ok(new SigV4Credential(scope[0], scope[1], scope[2], scope[3], headers, signature, requestTime, presigned, expires));
    }

    private static string Truncate(string text) => text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "…") : text;
}
