using System.Text.RegularExpressions;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Cli;

/// <summary><c>coffer accounts …</c>, run as a separate process beside a running server on the same data directory.</summary>
public sealed partial class AccountsCommandTests
{
    [Fact]
    public async Task Create_WhileServerRuns_ServerAcceptsTheNewKeyAtOnce()
    {
        await using var server = await CofferTestServer.StartAsync();
        var defaultAccount = (await CallerIdentityResponse.ReadAsync(
            await server.Client.SendAsync(await server.Signer().QueryAsync("sts", ShapedRequests.GetCallerIdentityForm)))).Account;

        var created = await CofferCommand.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);

        Assert.True(created.ExitCode == 0, created.ToString());
        var (accessKeyId, secret) = CredentialsFile.Read(server.CredentialsFile, "team-b");
        Assert.NotEqual(server.AccessKeyId, accessKeyId);
        var announced = CreatedLine().Match(created.StandardOutput);
        Assert.True(announced.Success, created.ToString());
        Assert.Equal(accessKeyId, announced.Groups["key"].Value);

        var signer = server.Signer(accessKeyId, secret);
        using var response = await server.Client.SendAsync(await signer.QueryAsync("sts", ShapedRequests.GetCallerIdentityForm));

        var identity = await CallerIdentityResponse.ReadAsync(response);
        Assert.NotEqual(defaultAccount, identity.Account);
        Assert.Equal(announced.Groups["account"].Value, identity.Account);
        Assert.Equal($"arn:aws:iam::{identity.Account}:user/admin", identity.Arn);
        Assert.Equal(await MetadataReader.AccountAsync(server.DataDirectory, "team-b"), (identity.Account, identity.UserId));
    }

    [Fact]
    public async Task Create_WhileServerRuns_AddsProfilePointingAtTheRunningServer()
    {
        await using var server = await CofferTestServer.StartAsync();

        var created = await CofferCommand.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);

        Assert.True(created.ExitCode == 0, created.ToString());
        var config = await File.ReadAllTextAsync(server.ConfigFile);
        Assert.Contains($"[default]\nregion = eu-west-1\nendpoint_url = {server.BaseUrl}\n", config, StringComparison.Ordinal);
        Assert.Contains($"[profile team-b]\nregion = eu-west-1\nendpoint_url = {server.BaseUrl}\n", config, StringComparison.Ordinal);
        Assert.Equal((server.AccessKeyId, server.SecretAccessKey), CredentialsFile.Read(server.CredentialsFile, "default"));
    }

    [Fact]
    public async Task Create_ExistingName_ExitsWith1AndSaysSo()
    {
        await using var server = await CofferTestServer.StartAsync();
        var first = await CofferCommand.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);
        Assert.True(first.ExitCode == 0, first.ToString());
        var credentials = await File.ReadAllTextAsync(server.CredentialsFile);

        var again = await CofferCommand.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);

        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Equal("coffer: An account named 'team-b' already exists.", again.StandardError.Trim());
        Assert.Equal(credentials, await File.ReadAllTextAsync(server.CredentialsFile));
    }

    [Fact]
    public async Task Create_DefaultName_ExitsWith1BecauseItExists()
    {
        await using var server = await CofferTestServer.StartAsync();

        var result = await CofferCommand.RunAsync("accounts", "create", "default", "--data-dir", server.DataDirectory);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("coffer: An account named 'default' already exists.", result.StandardError.Trim());
    }

    [Theory]
    [InlineData("bad name!")]
    [InlineData("-leading-dash")]
    [InlineData("")]
    public async Task Create_InvalidName_ExitsNonZeroSayingWhy(string name)
    {
        await using var server = await CofferTestServer.StartAsync();

        var result = await CofferCommand.RunAsync("accounts", "create", name, "--data-dir", server.DataDirectory);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"'{name}' is not a valid account name", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("[profile ", await File.ReadAllTextAsync(server.ConfigFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AfterCreate_ListsBothAccounts()
    {
        await using var server = await CofferTestServer.StartAsync();
        var created = await CofferCommand.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);
        Assert.True(created.ExitCode == 0, created.ToString());
        var (defaultId, _) = await MetadataReader.AccountAsync(server.DataDirectory, "default");
        var (teamId, _) = await MetadataReader.AccountAsync(server.DataDirectory, "team-b");
        var (teamKey, _) = CredentialsFile.Read(server.CredentialsFile, "team-b");

        var list = await CofferCommand.RunAsync("accounts", "list", "--data-dir", server.DataDirectory);

        Assert.True(list.ExitCode == 0, list.ToString());
        var lines = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^ACCOUNT\s+NAME\s+CREATED\s+ACCESS KEYS$", lines[0]);
        Assert.Matches($@"^{defaultId}\s+default\s+\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+{server.AccessKeyId}$", lines[1]);
        Assert.Matches($@"^{teamId}\s+team-b\s+\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+{teamKey}$", lines[2]);
    }

    [GeneratedRegex(@"^Created account (?<account>\d{12}) \(team-b\) with admin arn:aws:iam::\k<account>:user/admin and access key (?<key>AKIA[A-Z2-7]{16})\.$", RegexOptions.Multiline)]
    private static partial Regex CreatedLine();
}
