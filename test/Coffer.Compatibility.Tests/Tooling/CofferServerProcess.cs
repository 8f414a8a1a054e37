using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Coffer.Compatibility.Tests.Tooling;

/// <summary>
/// <c>coffer</c> serving in its own process, as the README's run command starts it. Its output is collected as it
/// arrives; <see cref="ReadExportsAsync"/> answers once it has printed the two <c>export …</c> lines.
/// </summary>
public sealed partial class CofferServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _exports = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<IReadOnlyDictionary<string, string>> _exportsPrinted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CofferServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine("stdout", e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine("stderr", e.Data);
        _process.Exited += (_, _) => _exportsPrinted.TrySetException(new InvalidOperationException("coffer exited before printing the export lines."));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the process wrote so far, each line tagged with its stream.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet coffer.dll</c> with <paramref name="arguments"/>.</summary>
    public static CofferServerProcess Start(params string[] arguments) => new(CofferExecutable.Start(arguments));

    /// <summary>The variables of the printed <c>export NAME=VALUE</c> lines, once both have been printed.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadExportsAsync(TimeSpan timeout)
    {
        try
        {
            return await _exportsPrinted.Task.WaitAsync(timeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Assert.Fail($"coffer did not print both export lines within {timeout.TotalSeconds:0} s ({e.Message}). Its output:\n{Output}");
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>kill</c> does, and returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        var kill = await ExternalProcess.RunAsync("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"coffer did not exit within {timeout.TotalSeconds:0} s of SIGTERM. Its output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGKILL (<c>kill -9</c>: no shutdown code runs, as in a power cut of the process) and waits for it to die.</summary>
    public async Task KillAsync(TimeSpan timeout)
    {
        var kill = await ExternalProcess.RunAsync("kill", ["-KILL", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
    }

    /// <summary>Kills the process if a test left it running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(stream).Append(": ").Append(line).Append('\n');
            if (stream == "stdout" && ExportLine().Match(line) is { Success: true } match)
            {
                _exports[match.Groups["name"].Value] = match.Groups["value"].Value;
                if (_exports.Count == 2)
                {
                    _exportsPrinted.TrySetResult(new Dictionary<string, string>(_exports, StringComparer.Ordinal));
                }
            }
        }
    }

    [GeneratedRegex("^export (?<name>AWS_CONFIG_FILE|AWS_SHARED_CREDENTIALS_FILE)=(?<value>.+)$")]
    private static partial Regex ExportLine();
}
