using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// Requests the AWS CLI signs wrongly, or at the wrong time, as a user meets them: credentials from the environment
/// override the generated credentials file, the endpoint and region still come from the generated config.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AuthenticationCliTests
{
    [Fact]
    public async Task GetCallerIdentity_WithWrongSecret_FailsWithSignatureDoesNotMatch()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var result = await aws.RunAsync(Credentials(server.AccessKeyId, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGSECRET"), "sts", "get-caller-identity");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task GetCallerIdentity_WithUnknownAccessKeyId_FailsWithInvalidClientTokenId()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);

        var result = await aws.RunAsync(Credentials("AKIAIOSFODNN7EXAMPLE", server.SecretAccessKey), "sts", "get-caller-identity");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task GetCallerIdentity_WhenServerClockIsOneHourAhead_FailsWithRequestExpired()
    {
        // The CLI signs with the real time, which the server sees as 60 minutes old: beyond the 15-minute skew.
        var serverTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddHours(1));
        await using var server = await CofferTestServer.StartAsync(serverTime);
        var aws = new AwsCli(server.AwsEnvironment);

        var result = await aws.RunAsync("sts", "get-caller-identity");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("An error occurred (RequestExpired) when calling the GetCallerIdentity operation: Signature expired", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task GetCallerIdentity_WhenServerClockMatchesNow_Succeeds()
    {
        var serverTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await CofferTestServer.StartAsync(serverTime);
        var aws = new AwsCli(server.AwsEnvironment);

        var identity = await aws.RunJsonAsync("sts", "get-caller-identity");

        CallerIdentity.AssertAdmin(identity);
    }

    private static Dictionary<string, string> Credentials(string accessKeyId, string secretAccessKey) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = accessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = secretAccessKey,
    };
}
