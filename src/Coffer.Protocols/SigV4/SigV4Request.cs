using Microsoft.AspNetCore.Http;

namespace Coffer.Protocols.SigV4;

/// <summary>The parts of an HTTP request that a SigV4 signature covers.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawPath">The path exactly as sent in the request line, still percent-encoded.</param>
/// <param name="Query">The decoded query-string pairs, in their original order.</param>
/// <param name="Headers">The request headers.</param>
/// <param name="BodySha256">The lower-case hex SHA-256 of the body as received.</param>
public sealed record SigV4Request(
    string Method,
    string RawPath,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IHeaderDictionary Headers,
    string BodySha256);
