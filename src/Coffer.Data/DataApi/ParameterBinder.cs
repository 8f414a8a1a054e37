using System.Globalization;
using System.Text.Json;
using SQLitePCL;

namespace Coffer.Data.DataApi;

/// <summary>
/// Binds named parameters to a prepared statement through SQLite's bind API: values never become SQL text. Every
/// parameter the SQL names must be given, every parameter given must be named by the SQL, and positional
/// placeholders (<c>?</c>) are refused, as the Data API takes only named parameters.
/// </summary>
internal static class ParameterBinder
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd"];
    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm:ss.FFFFFFF"];
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    /// <summary>Checks that <paramref name="parameters"/> match the statement's placeholders and binds them.</summary>
    public static void Bind(sqlite3_stmt statement, IReadOnlyList<SqlParameter> parameters)
    {
        var count = raw.sqlite3_bind_parameter_count(statement);
        var given = new Dictionary<string, SqlParameter>(parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var name = parameter.Name.StartsWith(':') ? parameter.Name[1..] : parameter.Name;
            if (!given.TryAdd(name, parameter))
            {
                throw DataApiErrors.BadRequest($"The parameter '{Shorten(name)}' is given more than once.");
            }
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 1; index <= count; index++)
        {
            var placeholder = raw.sqlite3_bind_parameter_name(statement, index).utf8_to_string();
            if (placeholder is null || placeholder.Length < 2 || placeholder[0] == '?')
            {
                throw DataApiErrors.BadRequest("Positional parameters (?) are not supported: name each parameter in the SQL as :name and pass it in parameters.");
            }

            var name = placeholder[1..];
            if (!given.TryGetValue(name, out var parameter))
            {
                throw DataApiErrors.BadRequest($"The SQL uses the parameter {Shorten(placeholder)}, but no parameter named '{Shorten(name)}' is given.");
            }

            used.Add(name);
            BindOne(statement, index, parameter);
        }

        if (used.Count < given.Count)
        {
            var unknown = given.Keys.First(name => !used.Contains(name));
            throw DataApiErrors.BadRequest($"The parameter '{Shorten(unknown)}' is not used by the SQL statement.");
        }
    }

    private static void BindOne(sqlite3_stmt statement, int index, SqlParameter parameter)
    {
        var value = parameter.Value;
        if (parameter.TypeHint != TypeHint.None)
        {
            if (value.Kind != FieldKind.String)
            {
                throw DataApiErrors.BadRequest($"The parameter '{Shorten(parameter.Name)}' has typeHint {HintName(parameter.TypeHint)}, which applies only to a stringValue.");
            }

            raw.sqlite3_bind_text(statement, index, Normalize(parameter.Name, value.StringValue!, parameter.TypeHint));
            return;
        }

        _ = value.Kind switch
        {
            FieldKind.Null => raw.sqlite3_bind_null(statement, index),
            FieldKind.Boolean or FieldKind.Long => raw.sqlite3_bind_int64(statement, index, value.LongValue),
            FieldKind.Double => raw.sqlite3_bind_double(statement, index, value.DoubleValue),
            FieldKind.String => raw.sqlite3_bind_text(statement, index, value.StringValue!),
            FieldKind.Blob => raw.sqlite3_bind_blob(statement, index, value.BlobValue!),
            _ => throw DataApiErrors.BadRequest($"The parameter '{Shorten(parameter.Name)}' is an arrayValue: array parameters are not supported."),
        };
    }

    /// <summary>Checks a hinted string and gives the form that is stored.</summary>
    private static string Normalize(string name, string text, TypeHint hint)
    {
        var ok = hint switch
        {
            TypeHint.Date => DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            TypeHint.Time => TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            TypeHint.Timestamp => DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            TypeHint.Decimal => decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _),
            TypeHint.Uuid => Guid.TryParseExact(text, "D", out _),
            TypeHint.Json => IsJson(text),
            _ => true,
        };
        if (!ok)
        {
            throw DataApiErrors.BadRequest($"The parameter '{Shorten(name)}' is not a valid {HintName(hint)} value{HintForm(hint)}.");
        }

        return hint == TypeHint.Uuid ? text.ToLowerInvariant() : text;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The wire spelling of a hint.</summary>
    public static string HintName(TypeHint hint) => hint.ToString().ToUpperInvariant();

    private static string HintForm(TypeHint hint) => hint switch
    {
        TypeHint.Date => " (YYYY-MM-DD)",
        TypeHint.Time => " (HH:MM:SS[.FFF])",
        TypeHint.Timestamp => " (YYYY-MM-DD HH:MM:SS[.FFF])",
        TypeHint.Uuid => " (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
        _ => string.Empty,
    };

    private static string Shorten(string name) => name.Length > 64 ? name[..64] + "…" : name;
}
