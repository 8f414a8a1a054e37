using System.Text.RegularExpressions;
using Coffer.Server.Hosting;
using Coffer.Storage.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.TestKit;

/// <summary>
/// A real Coffer server (Kestrel) on a free loopback port with its own data directory, as a user would run it, plus
/// the admin credentials it wrote to its AWS CLI files.
/// </summary>
public sealed partial class CofferTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CofferRuntime _runtime;
    private readonly TestDirectory? _ownedDirectory;

    private CofferTestServer(WebApplication app, CofferRuntime runtime, TestDirectory? ownedDirectory, string baseUrl)
    {
        _app = app;
        _runtime = runtime;
        _ownedDirectory = ownedDirectory;
        BaseUrl = baseUrl;
        var credentials = File.ReadAllText(CredentialsFile);
        var match = DefaultProfile().Match(credentials);
        AccessKeyId = match.Groups["id"].Value;
        SecretAccessKey = match.Groups["secret"].Value;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    /// <summary>The server's URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The data directory.</summary>
    public string DataDirectory => _runtime.DataDirectory;

    /// <summary>The generated AWS CLI config file.</summary>
    public string ConfigFile => CliProfileFiles.ConfigPath(DataDirectory);

    /// <summary>The generated AWS CLI credentials file.</summary>
    public string CredentialsFile => CliProfileFiles.CredentialsPath(DataDirectory);

    /// <summary>The default account's admin access key id.</summary>
    public string AccessKeyId { get; }

    /// <summary>The default account's admin secret.</summary>
    public string SecretAccessKey { get; }

    /// <summary>A client for the server's base address.</summary>
    public HttpClient Client { get; }

    /// <summary>The host's services, for reaching in-process components (the audit trail…) from a test.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a server. Without <paramref name="dataDirectory"/> it gets a fresh temporary one, deleted on dispose.
    /// <paramref name="configureServices"/> may add to or replace the host's services (e.g. a capturing
    /// <see cref="Microsoft.Extensions.Logging.ILoggerProvider"/>).
    /// </summary>
    public static async Task<CofferTestServer> StartAsync(TimeProvider? time = null, string? dataDirectory = null, Action<IServiceCollection>? configureServices = null, params string[] args)
    {
        var owned = dataDirectory is null ? new TestDirectory() : null;
        var directory = dataDirectory ?? System.IO.Path.Combine(owned!.Path, "data");
        var arguments = args.Contains("--urls") ? args : [.. args, "--urls", "http://127.0.0.1:0"];
        var (app, runtime) = await CofferHost.BuildAsync(arguments, directory, time ?? TimeProvider.System, configureServices, CancellationToken.None);
        try
        {
            await app.StartAsync();
            var url = await CofferHost.AnnounceAsync(app, runtime, NullLogger.Instance, CancellationToken.None);
            return new CofferTestServer(app, runtime, owned, url);
        }
        catch
        {
            await app.DisposeAsync();
            runtime.Dispose();
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>A signer for raw requests with the default admin key.</summary>
    public TestSigner Signer(TimeProvider? time = null) => new(AccessKeyId, SecretAccessKey, time ?? TimeProvider.System, new Uri(BaseUrl));

    /// <summary>Environment variables that point the AWS CLI and boto3 at this server's generated files.</summary>
    public IReadOnlyDictionary<string, string> AwsEnvironment => new Dictionary<string, string>
    {
        ["AWS_CONFIG_FILE"] = ConfigFile,
        ["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsFile,
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _runtime.Dispose();
        SqliteMetadataStore.ReleaseConnections();
        _ownedDirectory?.Dispose();
    }

    [GeneratedRegex(@"\[default\]\naws_access_key_id = (?<id>\S+)\naws_secret_access_key = (?<secret>\S+)")]
    private static partial Regex DefaultProfile();
}
