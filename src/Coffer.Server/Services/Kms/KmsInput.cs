using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Keys;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.Kms;

/// <summary>
/// A KMS request body, read field by field with AWS's checks: a field of the wrong JSON type is a
/// SerializationException (as AWS's JSON 1.1 deserialiser gives), a value outside its constraints a
/// ValidationException naming the field in lowerCamelCase. Unknown fields are ignored, as AWS does. Every field read
/// is copied into <see cref="AuditParameters"/> for the CloudTrail record, except the secret and bulky ones
/// (plaintexts, ciphertexts, grant tokens), which never are.
/// </summary>
internal sealed class KmsInput(JsonElement body)
{
    private static readonly HashSet<string> NeverAudited = new(StringComparer.Ordinal) { "Plaintext", "CiphertextBlob", "GrantTokens", "GrantToken", "Policy", "SecretString", "SecretBinary" };

    /// <summary>The request parameters as CloudTrail records them (lowerCamelCase, secrets left out).</summary>
    public JsonObject AuditParameters { get; } = [];

    /// <summary>A string field that may be absent.</summary>
    public string? OptionalString(string field, int minLength = 0, int maxLength = int.MaxValue)
    {
        if (!TryGet(field, JsonValueKind.String, "a string", out var element))
        {
            return null;
        }

        var value = element.GetString()!;
        CheckLength(field, value.Length, minLength, maxLength, value);
        Audit(field, JsonValue.Create(value));
        return value;
    }

    /// <summary>A string field that must be present.</summary>
    public string RequiredString(string field, int minLength = 1, int maxLength = int.MaxValue) =>
        OptionalString(field, minLength, maxLength) ?? throw Missing(field);

    /// <summary>A string field with a fixed set of values.</summary>
    public string? OptionalEnum(string field, params string[] allowed)
    {
        var value = OptionalString(field);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw KmsErrors.Validation(Camel(field), $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]", value);
        }

        return value;
    }

    /// <summary>An integer field that may be absent.</summary>
    public int? OptionalInt(string field, int min, int max)
    {
        if (!TryGet(field, JsonValueKind.Number, "an integer", out var element))
        {
            return null;
        }

        if (!element.TryGetInt32(out var value))
        {
            throw JsonErrors.Serialization($"The value of {field} is not a 32-bit integer.");
        }

        if (value < min)
        {
            throw KmsErrors.Validation(Camel(field), $"Member must have value greater than or equal to {min}", value.ToString(CultureInfo.InvariantCulture));
        }

        if (value > max)
        {
            throw KmsErrors.Validation(Camel(field), $"Member must have value less than or equal to {max}", value.ToString(CultureInfo.InvariantCulture));
        }

        Audit(field, JsonValue.Create(value));
        return value;
    }

    /// <summary>A boolean field that may be absent.</summary>
    public bool? OptionalBool(string field)
    {
        if (!body.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw WrongType(field, "a boolean", element);
        }

        Audit(field, JsonValue.Create(element.GetBoolean()));
        return element.GetBoolean();
    }

    /// <summary>A base64 blob that may be absent; its length is checked on the decoded bytes, never echoed.</summary>
    public byte[]? OptionalBlob(string field, int minLength, int maxLength)
    {
        if (!TryGet(field, JsonValueKind.String, "a base64 string", out var element))
        {
            return null;
        }

        if (!element.TryGetBytesFromBase64(out var bytes))
        {
            throw JsonErrors.Serialization($"The value of {field} is not valid base64.");
        }

        CheckLength(field, bytes.Length, minLength, maxLength, value: null);
        Audit(field, null);
        return bytes;
    }

    /// <summary>A base64 blob that must be present.</summary>
    public byte[] RequiredBlob(string field, int minLength, int maxLength) => OptionalBlob(field, minLength, maxLength) ?? throw Missing(field);

    /// <summary>A map of strings to strings (an encryption context), or an empty map.</summary>
    public IReadOnlyDictionary<string, string> StringMap(string field)
    {
        if (!TryGet(field, JsonValueKind.Object, "a map", out var element))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var audit = new JsonObject();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw WrongType($"{field}.{property.Name}", "a string", property.Value);
            }

            map[property.Name] = property.Value.GetString()!;
            audit[property.Name] = property.Value.GetString();
        }

        Audit(field, audit);
        return map;
    }

    /// <summary>A list of strings, or an empty list.</summary>
    public IReadOnlyList<string> StringList(string field, int maxCount, int minLength = 1, int maxLength = int.MaxValue)
    {
        if (!TryGet(field, JsonValueKind.Array, "a list", out var element))
        {
            return [];
        }

        var items = new List<string>();
        var audit = new JsonArray();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw WrongType(field + " member", "a string", item);
            }

            var value = item.GetString()!;
            CheckLength(field, value.Length, minLength, maxLength, NeverAudited.Contains(field) ? null : value);
            items.Add(value);
            audit.Add(value);
        }

        if (items.Count > maxCount)
        {
            throw KmsErrors.Validation(Camel(field), $"Member must have length less than or equal to {maxCount}");
        }

        Audit(field, audit);
        return items;
    }

    /// <summary>The raw element of a structured field (Tags, Constraints), or <see langword="null"/>.</summary>
    public JsonElement? Element(string field, JsonValueKind kind)
    {
        if (!TryGet(field, kind, kind == JsonValueKind.Array ? "a list" : "a structure", out var element))
        {
            return null;
        }

        Audit(field, JsonNode.Parse(element.GetRawText()));
        return element;
    }

    /// <summary>The missing-field error.</summary>
    public static Primitives.AwsServiceException Missing(string field) =>
        KmsErrors.Validation($"1 validation error detected: Value null at '{Camel(field)}' failed to satisfy constraint: Member must not be null");

    /// <summary>lowerCamelCase, as AWS names fields in validation messages and CloudTrail.</summary>
    public static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    private bool TryGet(string field, JsonValueKind kind, string what, out JsonElement element)
    {
        if (!body.TryGetProperty(field, out element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return element.ValueKind == kind ? true : throw WrongType(field, what, element);
    }

    private static void CheckLength(string field, int length, int min, int max, string? value)
    {
        if (length < min)
        {
            throw KmsErrors.Validation(Camel(field), $"Member must have length greater than or equal to {min}", value);
        }

        if (length > max)
        {
            throw KmsErrors.Validation(Camel(field), $"Member must have length less than or equal to {max}", value is { Length: <= 256 } ? value : null);
        }
    }

    private void Audit(string field, JsonNode? value)
    {
        if (!NeverAudited.Contains(field))
        {
            AuditParameters[Camel(field)] = value;
        }
    }

    private static Primitives.AwsServiceException WrongType(string field, string expected, JsonElement element) =>
        JsonErrors.Serialization($"The value of {field} must be {expected}, not a JSON {element.ValueKind.ToString().ToLowerInvariant()}.");
}
