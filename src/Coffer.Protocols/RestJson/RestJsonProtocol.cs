using System.Text.Json;

namespace Coffer.Protocols.RestJson;

/// <summary>The REST-JSON protocol: the operation is in the path, errors carry <c>x-amzn-ErrorType</c> and a message.</summary>
public static class RestJsonProtocol
{
    /// <summary>The response content type.</summary>
    public const string ContentType = "application/json";

    /// <summary>The header botocore reads the error code from.</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    /// <summary>
    /// Escapes only what JSON requires (quotes, backslash, control characters), as AWS does: messages keep their
    /// apostrophes and non-ASCII text. These bodies are API responses, never embedded in HTML.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The error body <c>{"message":"…"}</c>; the code travels in <see cref="ErrorTypeHeader"/>.</summary>
    public static byte[] WriteError(string message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
