using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary><c>aws sts get-caller-identity</c> with the generated profile, as a user runs it after the two exports.</summary>
[Trait("Category", "Slow")]
public sealed class StsCliTests
{
    [Fact]
    public async Task GetCallerIdentity_WithGeneratedDefaultProfile_ReturnsAdminIdentity()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var identity = await aws.RunJsonAsync("sts", "get-caller-identity");

        CallerIdentity.AssertAdmin(identity);
    }

    [Fact]
    public async Task GetCallerIdentity_WithTextOutputAndAccountQuery_PrintsOnlyTheAccount()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var account = CallerIdentity.AssertAdmin(await aws.RunJsonAsync("sts", "get-caller-identity"));

        var result = await aws.RunAsync("sts", "get-caller-identity", "--output", "text", "--query", "Account");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(account + "\n", result.StandardOutput);
        Assert.Empty(result.StandardError);
    }

    [Fact]
    public async Task GetCallerIdentity_WithOtherValidRegion_ReturnsAccount()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var identity = await aws.RunJsonAsync("sts", "get-caller-identity", "--region", "eu-west-1");

        CallerIdentity.AssertAdmin(identity);
    }

    [Fact]
    public async Task GetCallerIdentity_WithUnknownRegion_FailsWithSignatureDoesNotMatch()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var result = await aws.RunAsync("sts", "get-caller-identity", "--region", "xx-east-9");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("(SignatureDoesNotMatch)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("valid region", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("xx-east-9", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }
}
