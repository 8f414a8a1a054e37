using System.Diagnostics;

namespace Coffer.Server.Tests.Support;

/// <summary>Runs the built <c>coffer</c> executable as a separate process, as a user runs <c>coffer accounts …</c>.</summary>
internal static class CofferCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The server's <c>coffer.dll</c>, copied next to the test assembly by the project reference.</summary>
    public static string DllPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "coffer.dll");
            Assert.True(File.Exists(path), $"coffer.dll is not next to the test assembly in {AppContext.BaseDirectory}; the project reference to Coffer.Server should copy it.");
            return path;
        }
    }

    /// <summary>Runs <c>dotnet coffer.dll <paramref name="args"/></c> and returns its exit code and output.</summary>
    public static async Task<CommandResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The command must find its data directory through --data-dir alone, as the tests pass it.
        start.Environment.Remove("COFFER_DATA_DIR");
        start.Environment.Remove("COFFER_ROOT_KEY_FILE");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"coffer {string.Join(' ', args)} did not exit within {Timeout.TotalSeconds} s.");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
