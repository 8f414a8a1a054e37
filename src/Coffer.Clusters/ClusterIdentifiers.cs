using System.Text.RegularExpressions;

namespace Coffer.Clusters;

/// <summary>RDS identifier rules: 1–63 ASCII letters, digits and hyphens, a letter first, no trailing or double hyphen; case-insensitive (stored lowercase).</summary>
public static partial class ClusterIdentifiers
{
    [GeneratedRegex("^[A-Za-z](?:[A-Za-z0-9]|-(?!-))*$")]
    private static partial Regex Pattern();

    /// <summary>The identifier in its stored (lowercase) form, or an InvalidParameterValue error naming <paramref name="parameter"/>.</summary>
    public static string Normalize(string? identifier, string parameter)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            throw RdsErrors.MissingParameter(parameter);
        }

        if (identifier.Length > 63 || identifier.EndsWith('-') || !Pattern().IsMatch(identifier))
        {
            throw RdsErrors.InvalidParameterValue($"The parameter {parameter} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.");
        }

        return identifier.ToLowerInvariant();
    }
}
