using Coffer.Primitives;
using Coffer.Protocols;
using Coffer.Protocols.SigV4;

namespace Coffer.Server.Edge;

/// <summary>
/// Errors raised at the edge, before or around a service: authentication, body size, unknown service, internal faults.
/// Codes and statuses follow each protocol's AWS conventions (Query: <c>SignatureDoesNotMatch</c> 403; JSON 1.1:
/// <c>InvalidSignatureException</c> 400; REST-JSON: the JSON names with 403).
/// </summary>
internal static class EdgeErrors
{
    public static AwsServiceException Authentication(AwsProtocol protocol, SigV4Failure failure, string message)
    {
        var (queryCode, queryStatus, jsonCode) = failure switch
        {
            SigV4Failure.MissingAuthentication => ("MissingAuthenticationToken", 403, "MissingAuthenticationTokenException"),
            SigV4Failure.IncompleteSignature => ("IncompleteSignature", 400, "IncompleteSignatureException"),
            SigV4Failure.UnknownAccessKey => ("InvalidClientTokenId", 403, "UnrecognizedClientException"),
            SigV4Failure.SessionTokenNotSupported => ("InvalidClientTokenId", 403, "UnrecognizedClientException"),
            SigV4Failure.SignatureMismatch => ("SignatureDoesNotMatch", 403, "InvalidSignatureException"),
            SigV4Failure.InvalidRegion => ("SignatureDoesNotMatch", 403, "InvalidSignatureException"),
            SigV4Failure.RequestExpired => ("RequestExpired", 400, "InvalidSignatureException"),
            _ => throw new ArgumentOutOfRangeException(nameof(failure)),
        };

        return protocol switch
        {
            AwsProtocol.Query => new AwsServiceException(queryCode, message, queryStatus),
            AwsProtocol.Json11 => new AwsServiceException(jsonCode, message, 400),
            _ => new AwsServiceException(jsonCode, message, failure == SigV4Failure.IncompleteSignature ? 400 : 403),
        };
    }

    public static AwsServiceException UnknownService(AwsProtocol protocol, string service, IReadOnlyList<string> served)
    {
        var message = $"Coffer does not serve the service '{(service.Length > 32 ? service[..32] + "…" : service)}' named in the credential scope; it serves {string.Join(", ", served)}.";
        return protocol == AwsProtocol.Query
            ? new AwsServiceException("InvalidAction", message)
            : new AwsServiceException("UnknownOperationException", message);
    }

    public static AwsServiceException BodyTooLarge(AwsProtocol protocol, long limit) =>
        new(protocol == AwsProtocol.Query ? "RequestEntityTooLarge" : "RequestEntityTooLargeException",
            $"The request body is larger than the {limit}-byte limit (setting Coffer:MaxRequestBodyBytes).", 413);

    public static AwsServiceException MalformedQueryString(AwsProtocol protocol, string segment) =>
        new(protocol == AwsProtocol.Query ? "MalformedQueryString" : "SerializationException",
            $"The query string is not valid URL encoding near '{segment}'.");

    public static AwsServiceException Internal(AwsProtocol protocol, string requestId) =>
        new(protocol == AwsProtocol.Query ? "InternalFailure" : "InternalFailure",
            $"The request processing has failed because of an unknown error, exception or failure. Request id: {requestId}.", 500);
}
