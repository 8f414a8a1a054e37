using System.Globalization;

namespace Coffer.Protocols.AwsQuery;

/// <summary>
/// The parameters of an AWS Query request (form body and query string merged), with typed accessors that raise
/// AWS's <c>MissingParameter</c> and <c>InvalidParameterValue</c> errors.
/// </summary>
public sealed class QueryParameters
{
    /// <summary>The ISO-8601 forms AWS Query timestamps arrive in: with or without fractions, 'Z' or an offset.</summary>
    private static readonly string[] Iso8601Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd",
    ];

    private readonly Dictionary<string, string> _values;

    private QueryParameters(Dictionary<string, string> values) => _values = values;

    /// <summary>The number of parameters.</summary>
    public int Count => _values.Count;

    /// <summary>Every parameter name.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>
    /// Merges the pairs of the query string and the form body. A name given twice, in either place, is an error:
    /// AWS Query has no repeated parameters (lists are numbered).
    /// </summary>
    public static bool TryCreate(IEnumerable<KeyValuePair<string, string>> pairs, out QueryParameters parameters, out string? duplicate)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            if (!values.TryAdd(name, value))
            {
                parameters = new QueryParameters([]);
                duplicate = name;
                return false;
            }
        }

        parameters = new QueryParameters(values);
        duplicate = null;
        return true;
    }

    /// <summary>The value of <paramref name="name"/>, or <see langword="null"/> when absent.</summary>
    public string? GetString(string name) => _values.GetValueOrDefault(name);

    /// <summary>The value of <paramref name="name"/>; <c>MissingParameter</c> when absent or empty.</summary>
    public string GetRequiredString(string name)
    {
        var value = GetString(name);
        return string.IsNullOrEmpty(value)
            ? throw QueryErrors.MissingParameter(name)
            : value;
    }

    /// <summary>A boolean sent as <c>true</c> or <c>false</c> (any case), or <see langword="null"/> when absent.</summary>
    public bool? GetBoolean(string name)
    {
        var value = GetString(name);
        if (value is null)
        {
            return null;
        }

        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw QueryErrors.InvalidParameterValue($"Invalid value '{value}' for {name}: expected true or false.");
    }

    /// <summary>A 32-bit integer, or <see langword="null"/> when absent.</summary>
    public int? GetInt32(string name)
    {
        var value = GetString(name);
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw QueryErrors.InvalidParameterValue($"Invalid value '{value}' for {name}: expected an integer.");
    }

    /// <summary>An ISO-8601 timestamp, or <see langword="null"/> when absent.</summary>
    public DateTimeOffset? GetTimestamp(string name)
    {
        var value = GetString(name);
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(value, Iso8601Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var result)
            ? result
            : throw QueryErrors.InvalidParameterValue($"Invalid value '{value}' for {name}: expected an ISO-8601 timestamp such as 2024-05-01T12:30:00Z.");
    }

    /// <summary>
    /// A list of scalars, sent as <c>Name.&lt;member&gt;.N</c> whatever the member name (<c>member</c> or the model's
    /// <c>locationName</c>), with N from 1. Returns the values in index order; a gap in the numbering is an error.
    /// </summary>
    public IReadOnlyList<string> GetList(string name) =>
        GetIndexed(name).Select(e => e.Fields.TryGetValue(string.Empty, out var v) ? v : throw QueryErrors.InvalidParameterValue($"{name} is a list of values, not of structures.")).ToList();

    /// <summary>
    /// A list of structures, sent as <c>Name.&lt;member&gt;.N.Field</c>. Each element maps field names to values.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> GetStructureList(string name) =>
        GetIndexed(name).Select(e => (IReadOnlyDictionary<string, string>)e.Fields).ToList();

    private List<(int Index, Dictionary<string, string> Fields)> GetIndexed(string name)
    {
        var prefix = name + ".";
        var elements = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in _values)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            // <member>.<N>[.<Field…>]
            var rest = key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            if (dot <= 0)
            {
                throw QueryErrors.InvalidParameterValue($"Parameter '{key}' is not of the form {name}.<member>.<N>.");
            }

            rest = rest[(dot + 1)..];
            var end = rest.IndexOf('.');
            var indexText = end < 0 ? rest : rest[..end];
            if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
            {
                throw QueryErrors.InvalidParameterValue($"Parameter '{key}' has no valid list index: list members are numbered from 1.");
            }

            if (indexText.Length > 1 && indexText[0] == '0')
            {
                throw QueryErrors.InvalidParameterValue($"Parameter '{key}' has no valid list index: list members are numbered 1, 2, 3… without leading zeros.");
            }

            if (!elements.TryGetValue(index, out var fields))
            {
                elements[index] = fields = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            if (!fields.TryAdd(end < 0 ? string.Empty : rest[(end + 1)..].ToString(), value))
            {
                throw QueryErrors.InvalidParameterValue($"Member {index} of {name} is given more than once (as '{key}' and under another member name).");
            }
        }

        var expected = 1;
        foreach (var index in elements.Keys)
        {
            if (index != expected++)
            {
                throw QueryErrors.InvalidParameterValue($"The members of {name} must be numbered 1, 2, 3… without gaps; member {expected - 1} is missing.");
            }
        }

        return elements.Select(e => (e.Key, e.Value)).ToList();
    }
}
