using System.Text.Json;

namespace Coffer.Protocols.AwsJson;

/// <summary>The AWS JSON 1.1 protocol: <c>X-Amz-Target: Prefix.Operation</c>, JSON bodies, <c>__type</c> errors.</summary>
public static class AwsJsonProtocol
{
    /// <summary>The request and response content type.</summary>
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>The header that names the operation.</summary>
    public const string TargetHeader = "X-Amz-Target";

    /// <summary>Splits <c>TrentService.Encrypt</c> into its prefix and operation.</summary>
    public static bool TryParseTarget(string? target, out string prefix, out string operation)
    {
        var dot = target?.LastIndexOf('.') ?? -1;
        if (target is null || dot <= 0 || dot == target.Length - 1)
        {
            prefix = operation = string.Empty;
            return false;
        }

        prefix = target[..dot];
        operation = target[(dot + 1)..];
        return true;
    }

    /// <summary>
    /// Escapes only what JSON requires (quotes, backslash, control characters), as AWS does: messages keep their
    /// apostrophes and non-ASCII text. These bodies are API responses, never embedded in HTML.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The error body <c>{"__type":"Code","message":"…"}</c>.</summary>
    public static byte[] WriteError(string code, string message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("__type", code);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Parses a request body. An empty body counts as <c>{}</c>; anything that is not a JSON object is
    /// <see langword="false"/> (the caller answers <c>SerializationException</c>).
    /// </summary>
    public static bool TryParseBody(ReadOnlyMemory<byte> body, out JsonDocument document, out string? problem)
    {
        problem = null;
        try
        {
            document = body.IsEmpty ? JsonDocument.Parse("{}") : JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            document = JsonDocument.Parse("{}");
            problem = $"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).";
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            problem = "The request body must be a JSON object.";
            return false;
        }

        return true;
    }
}
