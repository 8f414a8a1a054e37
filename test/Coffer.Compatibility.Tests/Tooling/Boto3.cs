using System.Text.Json;

namespace Coffer.Compatibility.Tests.Tooling;

/// <summary>
/// boto3 under the default <c>python3</c>: runs a script with <c>python3 -c</c> in the same clean environment as
/// <see cref="AwsCli"/>, so the SDK reads the server's generated files as a user's program would.
/// </summary>
public sealed class Boto3(IReadOnlyDictionary<string, string> environment)
{
    /// <summary>How to get python3 when it is missing.</summary>
    public const string PythonInstallHint =
        "The compatibility tests drive boto3, but 'python3' is not on PATH. Install it with 'apt-get install python3 python3-pip' and then 'pip install boto3'.";

    /// <summary>How to get boto3 when it is missing.</summary>
    public const string Boto3InstallHint =
        "The compatibility tests drive boto3, but python3 cannot import it. Install it with 'pip install boto3' (or 'apt-get install python3-boto3') and run the tests again.";

    private static readonly Lazy<string?> Executable = new(() => ToolEnvironment.FindOnPath("python3"));

    /// <summary>Runs <paramref name="script"/>; <paramref name="arguments"/> arrive in <c>sys.argv[1:]</c>.</summary>
    public async Task<ProcessResult> RunAsync(string script, params string[] arguments)
    {
        var executable = Executable.Value;
        if (executable is null)
        {
            Assert.Fail(PythonInstallHint);
        }

        var result = await ExternalProcess.RunAsync(executable, ["-c", script, .. arguments], environment);
        if (result.StandardError.Contains("No module named 'boto3'", StringComparison.Ordinal) ||
            result.StandardError.Contains("No module named 'botocore'", StringComparison.Ordinal))
        {
            Assert.Fail(Boto3InstallHint + "\n" + result);
        }

        return result;
    }

    /// <summary>Runs a script that prints one JSON document, asserts success and parses it.</summary>
    public async Task<JsonElement> RunJsonAsync(string script, params string[] arguments)
    {
        var result = await RunAsync(script, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"The script did not print JSON ({e.Message}).\n{result}");
            throw;
        }
    }
}
