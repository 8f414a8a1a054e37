using Coffer.Primitives;

namespace Coffer.Server.Edge;

/// <summary>The common errors of every AWS JSON 1.1 service.</summary>
internal static class JsonErrors
{
    /// <summary>The body is not a JSON object, or a member has the wrong type.</summary>
    public static AwsServiceException Serialization(string message) => new("SerializationException", message);

    /// <summary>The target names no operation of the service.</summary>
    public static AwsServiceException UnknownOperation(string message) => new("UnknownOperationException", message);
}
