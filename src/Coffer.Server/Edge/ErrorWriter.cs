using Coffer.Primitives;
using Coffer.Protocols;
using Coffer.Protocols.AwsJson;
using Coffer.Protocols.AwsQuery;
using Coffer.Protocols.RestJson;

namespace Coffer.Server.Edge;

/// <summary>Writes an <see cref="AwsServiceException"/> in the shape of a protocol: the one place errors meet the wire.</summary>
internal static class ErrorWriter
{
    public static Task WriteAsync(HttpResponse response, AwsProtocol protocol, string? xmlNamespace, AwsServiceException error, string requestId, CancellationToken cancellationToken)
    {
        response.StatusCode = error.HttpStatus;
        byte[] body;
        switch (protocol)
        {
            case AwsProtocol.Query:
                response.ContentType = "text/xml";
                body = QueryXmlWriter.WriteError(xmlNamespace ?? string.Empty, error.Code, error.Message, error.IsSenderFault, requestId);
                break;
            case AwsProtocol.Json11:
                response.ContentType = AwsJsonProtocol.ContentType;
                response.Headers["X-Amzn-ErrorType"] = error.Code;
                body = AwsJsonProtocol.WriteError(error.Code, error.Message);
                break;
            default:
                response.ContentType = RestJsonProtocol.ContentType;
                response.Headers[RestJsonProtocol.ErrorTypeHeader] = error.Code;
                body = RestJsonProtocol.WriteError(error.Message);
                break;
        }

        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, cancellationToken).AsTask();
    }
}
