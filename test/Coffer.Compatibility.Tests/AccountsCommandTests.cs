using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary><c>coffer accounts create</c> run beside a serving server on the same data directory.</summary>
[Trait("Category", "Slow")]
public sealed class AccountsCommandTests
{
    [Fact]
    public async Task AccountsCreate_WhileServerRuns_NewProfileGetsItsOwnAccount()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var created = await CofferExecutable.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);

        Assert.True(created.ExitCode == 0, created.ToString());
        var teamB = CallerIdentity.AssertAdmin(await aws.RunJsonAsync("--profile", "team-b", "sts", "get-caller-identity"));
        var defaultAccount = CallerIdentity.AssertAdmin(await aws.RunJsonAsync("sts", "get-caller-identity"));
        Assert.NotEqual(defaultAccount, teamB);
        Assert.Contains($"Created account {teamB} (team-b)", created.StandardOutput, StringComparison.Ordinal);
    }
}
