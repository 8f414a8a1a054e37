using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// The README's journey end to end: start coffer as its own process, export the two printed variables, ask the AWS CLI
/// who we are, stop the server with SIGTERM.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReadmeJourneyTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunCommand_WithPrintedExports_CliGetsIdentityAndSigtermExitsZero()
    {
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        var url = $"http://127.0.0.1:{CofferExecutable.FreeLoopbackPort()}";
        await using var server = CofferServerProcess.Start("--data-dir", dataDirectory, "--urls", url);

        var exports = await server.ReadExportsAsync(StartTimeout);
        Assert.Equal(Path.Combine(dataDirectory, "aws", "config"), exports["AWS_CONFIG_FILE"]);
        Assert.Equal(Path.Combine(dataDirectory, "aws", "credentials"), exports["AWS_SHARED_CREDENTIALS_FILE"]);
        Assert.Contains($"endpoint_url = {url}\n", await File.ReadAllTextAsync(exports["AWS_CONFIG_FILE"]), StringComparison.Ordinal);

        var identity = await new AwsCli(exports).RunJsonAsync("sts", "get-caller-identity");
        CallerIdentity.AssertAdmin(identity);

        var exitCode = await server.TerminateAsync(ShutdownTimeout);
        Assert.True(exitCode == 0, $"coffer exited with {exitCode} after SIGTERM. Its output:\n{server.Output}");
    }
}
