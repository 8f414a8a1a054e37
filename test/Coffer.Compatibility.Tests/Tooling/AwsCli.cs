using System.Text.Json;

namespace Coffer.Compatibility.Tests.Tooling;

/// <summary>
/// The real AWS CLI (<c>aws</c> on <c>PATH</c>), run with a clean environment plus the variables a user would have
/// exported: by default the server's two <c>AWS_CONFIG_FILE</c>/<c>AWS_SHARED_CREDENTIALS_FILE</c> lines.
/// </summary>
public sealed class AwsCli(IReadOnlyDictionary<string, string> environment)
{
    /// <summary>How to get the CLI when it is missing.</summary>
    public const string InstallHint =
        "The compatibility tests drive the real AWS CLI, but 'aws' is not on PATH. Install it with 'pip install awscli' (or 'apt-get install awscli') and run the tests again.";

    private static readonly Lazy<string?> Executable = new(() => ToolEnvironment.FindOnPath("aws"));

    /// <summary>Runs <c>aws</c> with <paramref name="arguments"/>.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    /// <summary>Runs <c>aws</c> with <paramref name="arguments"/> and extra variables on top of the exported ones.</summary>
    public Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string>? extraEnvironment, params string[] arguments)
    {
        var executable = Executable.Value;
        if (executable is null)
        {
            Assert.Fail(InstallHint);
        }

        return RunCoreAsync(executable, extraEnvironment, arguments);
    }

    /// <summary>Runs <c>aws</c>, asserts success and parses its JSON output.</summary>
    public async Task<JsonElement> RunJsonAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    private async Task<ProcessResult> RunCoreAsync(string executable, IReadOnlyDictionary<string, string>? extraEnvironment, string[] arguments)
    {
        var merged = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            merged[name] = value;
        }

        return await ExternalProcess.RunAsync(executable, arguments, merged);
    }
}
