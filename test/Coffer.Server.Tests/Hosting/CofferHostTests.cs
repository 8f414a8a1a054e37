using Coffer.Server.Hosting;
using Coffer.TestKit;

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
