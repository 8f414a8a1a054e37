namespace Coffer.Compatibility.Tests.Tooling;

/// <summary>
/// The environment external tools run with: the current one, minus every <c>AWS_*</c> variable (so nothing of the
/// machine's own AWS set-up leaks in), plus the variables a test gives, exactly as a user's shell after the exports.
/// </summary>
public static class ToolEnvironment
{
    /// <summary>Applies the clean environment to <paramref name="target"/> (a <c>ProcessStartInfo.Environment</c>).</summary>
    public static void Apply(IDictionary<string, string?> target, params IReadOnlyDictionary<string, string>?[] layers)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var name in target.Keys.Where(IsRemoved).ToList())
        {
            target.Remove(name);
        }

        foreach (var layer in layers)
        {
            foreach (var (name, value) in layer ?? new Dictionary<string, string>())
            {
                target[name] = value;
            }
        }
    }

    /// <summary>Finds <paramref name="name"/> on <c>PATH</c>, or returns <see langword="null"/>.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // AWS_* configures the AWS CLI and SDKs; COFFER_* would redirect a coffer process's data directory or root key.
    private static bool IsRemoved(string name) =>
        name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("COFFER_", StringComparison.OrdinalIgnoreCase);
}
