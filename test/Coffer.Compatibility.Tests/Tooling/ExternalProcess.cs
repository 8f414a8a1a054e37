using System.Diagnostics;

namespace Coffer.Compatibility.Tests.Tooling;

/// <summary>Runs an external program to completion with arguments passed verbatim, a clean environment and a timeout.</summary>
public static class ExternalProcess
{
    /// <summary>How long any one tool run may take before the test fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (each one argument, no shell quoting) and the
    /// environment of <see cref="ToolEnvironment"/> with <paramref name="environment"/> applied; fails the test if it
    /// does not finish within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = CreateStartInfo(fileName, arguments, environment);
        var command = Describe(info);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s: {new ProcessResult(command, -1, await stdout, await stderr)}");
        }

        return new ProcessResult(command, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A start info with redirected streams and the clean environment.</summary>
    public static ProcessStartInfo CreateStartInfo(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        ToolEnvironment.Apply(info.Environment, environment);
        return info;
    }

    /// <summary>The command line, for messages.</summary>
    public static string Describe(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return string.Join(' ', new[] { info.FileName }.Concat(info.ArgumentList).Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Contains('\n', StringComparison.Ordinal) ? $"'{(a.Length > 80 ? a[..80] + "…" : a)}'" : a));
    }
}
