using System.Text.Json;
using Coffer.Data.DataApi;

namespace Coffer.Server.Services.RdsData;

/// <summary>
/// A Data API request body, read member by member with the model's constraints: a member of the wrong JSON type, a
/// value out of its range or a malformed <c>Field</c> union is a BadRequestException naming the member. Unknown
/// members are ignored, as AWS does.
/// </summary>
internal sealed class RdsDataInput(JsonElement body)
{
    /// <summary>A string member that may be absent.</summary>
    public string? OptionalString(string member, int maxLength)
    {
        if (!body.TryGetProperty(member, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            throw WrongType(member, "a string");
        }

        var value = element.GetString()!;
        return value.Length <= maxLength ? value : throw DataApiErrors.BadRequest($"{member} is longer than {maxLength} characters.");
    }

    /// <summary>A string member that must be present, of at least <paramref name="minLength"/> characters.</summary>
    public string RequiredString(string member, int minLength, int maxLength)
    {
        var value = OptionalString(member, maxLength) ?? throw DataApiErrors.BadRequest($"{member} is required.");
        return value.Length >= minLength ? value : throw DataApiErrors.BadRequest($"{member} must be at least {minLength} characters long.");
    }

    /// <summary>A boolean member (absent is false).</summary>
    public bool Bool(string member)
    {
        if (!body.TryGetProperty(member, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(member, "a boolean"),
        };
    }

    /// <summary>A string member with a fixed set of values.</summary>
    public static string? OptionalEnum(JsonElement container, string member, params string[] allowed)
    {
        if (!container.TryGetProperty(member, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var value = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw WrongType(member, "a string");
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw DataApiErrors.BadRequest($"{member} must be one of {string.Join(", ", allowed)}, not '{(value.Length > 32 ? value[..32] + "…" : value)}'.");
    }

    /// <summary>The request body itself, for nested members.</summary>
    public JsonElement Body => body;

    /// <summary>The <c>parameters</c> list: named values with optional type hints.</summary>
    public IReadOnlyList<SqlParameter> Parameters(string member = "parameters") =>
        body.TryGetProperty(member, out var element) && element.ValueKind != JsonValueKind.Null ? ParameterList(element, member) : [];

    /// <summary>BatchExecuteStatement's <c>parameterSets</c>: a list of parameter lists.</summary>
    public IReadOnlyList<IReadOnlyList<SqlParameter>> ParameterSets()
    {
        if (!body.TryGetProperty("parameterSets", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw WrongType("parameterSets", "a list");
        }

        return [.. element.EnumerateArray().Select((set, i) => ParameterList(set, $"parameterSets[{i}]"))];
    }

    /// <summary>How ExecuteStatement shapes its result.</summary>
    public ResultFormat Format()
    {
        var json = OptionalEnum(body, "formatRecordsAs", "NONE", "JSON") == "JSON";
        string? decimals = null;
        string? longs = null;
        if (body.TryGetProperty("resultSetOptions", out var options) && options.ValueKind != JsonValueKind.Null)
        {
            if (options.ValueKind != JsonValueKind.Object)
            {
                throw WrongType("resultSetOptions", "an object");
            }

            decimals = OptionalEnum(options, "decimalReturnType", "STRING", "DOUBLE_OR_LONG");
            longs = OptionalEnum(options, "longReturnType", "STRING", "LONG");
        }

        return new ResultFormat
        {
            AsJson = json,
            IncludeMetadata = Bool("includeResultMetadata"),
            DecimalAsNumber = decimals == "DOUBLE_OR_LONG",
            LongAsString = longs == "STRING",
        };
    }

    private static List<SqlParameter> ParameterList(JsonElement element, string member)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(member, "a list");
        }

        var parameters = new List<SqlParameter>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw WrongType(member, "a list of SqlParameter objects");
            }

            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
            if (string.IsNullOrEmpty(name))
            {
                throw DataApiErrors.BadRequest($"Every parameter in {member} needs a name.");
            }

            var value = item.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null ? ReadField(v, name) : Field.Null;
            var hint = item.TryGetProperty("typeHint", out var h) && h.ValueKind != JsonValueKind.Null ? ReadHint(h, name) : TypeHint.None;
            parameters.Add(new SqlParameter(name, value, hint));
        }

        return parameters;
    }

    /// <summary>A <c>Field</c> union: exactly one member set.</summary>
    private static Field ReadField(JsonElement element, string parameter)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw DataApiErrors.BadRequest($"The value of parameter '{Short(parameter)}' must be a Field object.");
        }

        Field? field = null;
        foreach (var member in element.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (field is not null)
            {
                throw DataApiErrors.BadRequest($"The value of parameter '{Short(parameter)}' sets more than one member of the Field union.");
            }

            field = member.Name switch
            {
                "isNull" when member.Value.ValueKind is JsonValueKind.True or JsonValueKind.False => Field.Null,
                "booleanValue" when member.Value.ValueKind is JsonValueKind.True or JsonValueKind.False => Field.FromBoolean(member.Value.GetBoolean()),
                "longValue" when member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetInt64(out var l) => Field.FromLong(l),
                "doubleValue" when member.Value.ValueKind == JsonValueKind.Number => Field.FromDouble(member.Value.GetDouble()),
                "stringValue" when member.Value.ValueKind == JsonValueKind.String => Field.FromString(member.Value.GetString()!),
                "blobValue" when member.Value.ValueKind == JsonValueKind.String && member.Value.TryGetBytesFromBase64(out var b) => Field.FromBlob(b),
                "arrayValue" when member.Value.ValueKind == JsonValueKind.Object => Field.Array,
                "isNull" or "booleanValue" or "longValue" or "doubleValue" or "stringValue" or "blobValue" or "arrayValue" =>
                    throw DataApiErrors.BadRequest($"The {member.Name} of parameter '{Short(parameter)}' has the wrong type."),
                _ => throw DataApiErrors.BadRequest($"The value of parameter '{Short(parameter)}' has an unknown member '{Short(member.Name)}'."),
            };
        }

        return field ?? Field.Null;
    }

    private static TypeHint ReadHint(JsonElement element, string parameter) => element.ValueKind == JsonValueKind.String
        ? element.GetString() switch
        {
            "JSON" => TypeHint.Json,
            "UUID" => TypeHint.Uuid,
            "TIMESTAMP" => TypeHint.Timestamp,
            "DATE" => TypeHint.Date,
            "TIME" => TypeHint.Time,
            "DECIMAL" => TypeHint.Decimal,
            _ => throw DataApiErrors.BadRequest($"The typeHint of parameter '{Short(parameter)}' must be one of JSON, UUID, TIMESTAMP, DATE, TIME, DECIMAL."),
        }
        : throw DataApiErrors.BadRequest($"The typeHint of parameter '{Short(parameter)}' must be a string.");

    private static Primitives.AwsServiceException WrongType(string member, string expected) => DataApiErrors.BadRequest($"{member} must be {expected}.");

    private static string Short(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
