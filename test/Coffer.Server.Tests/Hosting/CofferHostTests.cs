using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Hosting;
using Coffer.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests.Hosting;

public sealed class CofferHostTests
{
    [Fact]
    public async Task BuildAsync_PlainHttpOnNonLoopbackAddress_ThrowsSayingTlsIsNeeded()
    {
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");

        var error = await Assert.ThrowsAsync<CofferStartupException>(() =>
            CofferHost.BuildAsync(["--urls", "http://0.0.0.0:4600"], dataDirectory, TimeProvider.System, null, CancellationToken.None));

        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(dataDirectory), "A refused start must not create the data directory.");
    }

    /// <summary>
    /// Issue 11, finding 6: the README's demo flag <c>--Keys:Day=00:00:01</c> promised a 7-day window in 7 seconds, but
    /// maintenance still looked for due deletions once a minute. A shortened day now shortens the default interval.
    /// </summary>
    [Theory]
    [InlineData(new string[0], 60, 60)]
    [InlineData(new[] { "--Keys:Day=00:00:01", "--Secrets:Day=00:00:02" }, 1, 2)]
    [InlineData(new[] { "--Keys:Day=00:00:01", "--Keys:MaintenanceInterval=00:00:30", "--Secrets:Day=00:00:01", "--Secrets:MaintenanceInterval=00:00:20" }, 30, 20)]
    [InlineData(new[] { "--Keys:Day=2.00:00:00", "--Secrets:Day=00:05:00" }, 60, 60)]
    public async Task StartAsync_Bug11_ShortenedDay_ShortensTheDefaultMaintenanceInterval(string[] settings, int keysSeconds, int secretsSeconds)
    {
        await using var server = await CofferTestServer.StartAsync(args: settings);

        Assert.Equal(TimeSpan.FromSeconds(keysSeconds), server.Services.GetRequiredService<KeysOptions>().EffectiveMaintenanceInterval);
        Assert.Equal(TimeSpan.FromSeconds(secretsSeconds), server.Services.GetRequiredService<SecretsService>().Options.EffectiveMaintenanceInterval);
    }

    [Fact]
    public async Task BuildAsync_BodyLimitBelowMinimum_ThrowsInvalidConfiguration()
    {
        using var directory = new TestDirectory();

        var error = await Assert.ThrowsAsync<CofferStartupException>(() =>
            CofferHost.BuildAsync(["--urls", "http://127.0.0.1:0", "--Coffer:MaxRequestBodyBytes=65535"], Path.Combine(directory.Path, "data"), TimeProvider.System, null, CancellationToken.None));

        Assert.StartsWith("Invalid configuration:", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRequestBodyBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_DefaultRegionOutsideConfiguredRegions_ThrowsInvalidConfiguration()
    {
        using var directory = new TestDirectory();

        var error = await Assert.ThrowsAsync<CofferStartupException>(() =>
            CofferHost.BuildAsync(["--urls", "http://127.0.0.1:0", "--Coffer:Regions:0=eu-central-1"], Path.Combine(directory.Path, "data"), TimeProvider.System, null, CancellationToken.None));

        Assert.Equal("Invalid configuration: Coffer:DefaultRegion 'eu-west-1' is not one of the configured Coffer:Regions.", error.Message);
    }

    [Theory]
    [InlineData("--Keys:Day=00:00:00", "Keys:Day")]
    [InlineData("--Keys:MaintenanceInterval=-00:00:01", "Keys:MaintenanceInterval")]
    [InlineData("--Clusters:RecoverableWindow=00:00:00", "Clusters:RecoverableWindow")]
    public async Task BuildAsync_NonPositiveDuration_ThrowsInvalidConfigurationNamingIt(string argument, string setting)
    {
        using var directory = new TestDirectory();

        var error = await Assert.ThrowsAsync<CofferStartupException>(() =>
            CofferHost.BuildAsync(["--urls", "http://127.0.0.1:0", argument], Path.Combine(directory.Path, "data"), TimeProvider.System, null, CancellationToken.None));

        Assert.StartsWith($"Invalid configuration: {setting} must be a positive duration", error.Message, StringComparison.Ordinal);
    }
}
