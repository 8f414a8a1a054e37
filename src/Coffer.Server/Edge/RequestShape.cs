using Coffer.Protocols;
using Coffer.Protocols.AwsJson;

namespace Coffer.Server.Edge;

/// <summary>
/// Guesses a request's protocol from its shape alone, for errors raised before the service is known
/// (bad signature, oversized body…): <c>X-Amz-Target</c> means JSON 1.1, a form body or an <c>Action</c>
/// parameter means AWS Query, anything else REST-JSON.
/// </summary>
internal static class RequestShape
{
    public static AwsProtocol Detect(HttpRequest request, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        if (request.Headers.ContainsKey(AwsJsonProtocol.TargetHeader))
        {
            return AwsProtocol.Json11;
        }

        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true ||
            query.Any(p => p.Key == "Action"))
        {
            return AwsProtocol.Query;
        }

        return AwsProtocol.RestJson;
    }
}
