using System.Text.Json;
using Coffer.Audit;
using Coffer.Clusters;
using Coffer.Data.DataApi;
using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Protocols.SigV4;
using Coffer.Server.Edge;
using Coffer.Server.Services.CloudTrail;
using Coffer.Server.Services.Kms;
using Coffer.Server.Services.Rds;
using Coffer.Server.Services.RdsData;
using Coffer.Server.Services.SecretsManager;
using Coffer.Server.Services.Sts;
using Coffer.Storage.Metadata;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coffer.Server.Hosting;

/// <summary>Builds and runs the Coffer web host: one AWS endpoint plus <c>/_coffer/health</c>.</summary>
internal static class CofferHost
{
    /// <summary>The default listen address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:4600";

    /// <summary>The unauthenticated health path.</summary>
    public const string HealthPath = "/_coffer/health";

    /// <summary>
    /// Builds the host and opens the data directory. The caller starts it, and disposes the returned runtime after
    /// the host has stopped.
    /// </summary>
    /// <exception cref="CofferStartupException">The configuration or the data directory cannot be used.</exception>
    public static async Task<(WebApplication App, CofferRuntime Runtime)> BuildAsync(
        string[] args, string? dataDirectory, TimeProvider time, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });

        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            urls = DefaultUrl;
            builder.WebHost.UseUrls(urls);
        }

        if (ListenAddressGuard.Check(urls) is { } refusal)
        {
            throw new CofferStartupException(refusal);
        }

        var options = ResolveOptions(builder.Configuration, dataDirectory);
        var auditOptions = new AuditOptions();
        builder.Configuration.GetSection(AuditOptions.SectionName).Bind(auditOptions);
        var keysOptions = builder.Configuration.GetSection(KeysOptions.SectionName).Get<KeysOptions>() ?? new KeysOptions();
        var clusterOptions = builder.Configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        var secretsOptions = builder.Configuration.GetSection(SecretsOptions.SectionName).Get<SecretsOptions>() ?? new SecretsOptions();
        var dataApiOptions = builder.Configuration.GetSection(DataApiOptions.SectionName).Get<DataApiOptions>() ?? new DataApiOptions();
        var validation = ValidateOptions(options) ?? Validate(auditOptions) ?? ValidateDurations(
            ("Keys:Day", keysOptions.Day), ("Keys:MaintenanceInterval", keysOptions.EffectiveMaintenanceInterval), ("Clusters:RecoverableWindow", clusterOptions.RecoverableWindow),
            ("Clusters:AutomatedBackupInterval", clusterOptions.AutomatedBackupInterval), ("Clusters:LogSealInterval", clusterOptions.LogSealInterval),
            ("Secrets:MaintenanceInterval", secretsOptions.EffectiveMaintenanceInterval), ("Secrets:Day", secretsOptions.Day),
            ("DataApi:StatementTimeout", dataApiOptions.StatementTimeout), ("DataApi:MaxStatementDuration", dataApiOptions.MaxStatementDuration),
            ("DataApi:TransactionIdleTimeout", dataApiOptions.TransactionIdleTimeout), ("DataApi:TransactionMaxLifetime", dataApiOptions.TransactionMaxLifetime),
            ("DataApi:TransactionSweepInterval", dataApiOptions.TransactionSweepInterval))
            ?? (keysOptions.MaxOnDemandRotations < 0 || clusterOptions.MaxClustersPerAccount < 1 || secretsOptions.MaxVersions is < 2 or > 1000
                ? "Invalid configuration: Keys:MaxOnDemandRotations must be 0 or more, Clusters:MaxClustersPerAccount 1 or more and Secrets:MaxVersions from 2 to 1000."
                : null);
        if (validation is not null)
        {
            throw new CofferStartupException(validation);
        }

        using var bootLogging = LoggerFactory.Create(b => b.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
        var runtime = await CofferRuntime.OpenAsync(options, time, bootLogging.CreateLogger("Coffer.Server"), cancellationToken);
        try
        {
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                // A backstop on raw bytes only: Kestrel counts chunked framing too. AwsEndpoint enforces the limit on the body.
                k.Limits.MaxRequestBodySize = 2L * options.MaxRequestBodyBytes;
            });
            builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
            builder.Services.AddSingleton(Options.Create(options));
            builder.Services.TryAddSingleton(time);
            builder.Services.AddSingleton(runtime);
            builder.Services.AddSingleton(runtime.Accounts);
            builder.Services.AddSingleton(runtime.Store);
            builder.Services.AddSingleton(sp => new SigV4Verifier(sp.GetRequiredService<TimeProvider>()));
            // The trail is created and disposed by the container: disposing the app (after the server has stopped taking
            // requests) drains every queued event before the runtime closes the metadata store.
            builder.Services.AddSingleton(sp => new AuditTrail(runtime.Store, auditOptions, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AuditTrail>>()));
            builder.Services.AddSingleton<LookupEventsOperation>();
            builder.Services.AddSingleton<AwsService, StsService>();
            builder.Services.AddSingleton<IKmsAuditSink, AuditTrailKmsSink>();
            builder.Services.AddCofferKms(runtime, keysOptions);
            builder.Services.AddCofferRds(runtime, clusterOptions);
            builder.Services.AddCofferSecretsManager(runtime, secretsOptions);
            builder.Services.AddCofferRdsData(runtime, dataApiOptions);
            builder.Services.AddSingleton<AwsService, CloudTrailService>();
            builder.Services.AddSingleton(sp => new ServiceRegistry(sp.GetServices<AwsService>()));
            builder.Services.AddSingleton<AwsEndpoint>();
            configureServices?.Invoke(builder.Services);

            var app = builder.Build();
            app.MapGet(HealthPath, HealthAsync);
            var endpoint = app.Services.GetRequiredService<AwsEndpoint>();
            // Started now, not at the first lookup, so that its flush timer and retention pruning run from the start.
            _ = app.Services.GetRequiredService<AuditTrail>();
            app.Map("/{**path}", endpoint.HandleAsync);
            return (app, runtime);
        }
        catch
        {
            runtime.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the host, rewrites the AWS CLI profiles for the address it listens on, prints how to use them,
    /// and runs until SIGTERM or Ctrl+C; in-flight requests then finish before it returns.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, string? dataDirectory, TextWriter output)
    {
        WebApplication app;
        CofferRuntime runtime;
        try
        {
            (app, runtime) = await BuildAsync(args, dataDirectory, TimeProvider.System, null, CancellationToken.None);
        }
        catch (CofferStartupException e)
        {
            await Console.Error.WriteLineAsync("coffer: " + e.Message);
            return 2;
        }

        using (runtime)
        await using (app)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Coffer.Server");
            try
            {
                await app.StartAsync();
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync("coffer: cannot listen: " + e.Message);
                return 2;
            }

            var endpointUrl = await AnnounceAsync(app, runtime, logger, CancellationToken.None);
            await output.WriteLineAsync($"Coffer is listening on {endpointUrl}. To use it with the AWS CLI or SDKs:");
            await output.WriteLineAsync(CliProfileFiles.ExportLines(runtime.DataDirectory));
            await output.FlushAsync();
            await app.WaitForShutdownAsync();
            Log.ShuttingDown(logger);
        }

        SqliteMetadataStore.ReleaseConnections();
        return 0;
    }

    /// <summary>Writes the CLI profiles for the address the started host listens on, and logs it; returns that URL.</summary>
    public static async Task<string> AnnounceAsync(WebApplication app, CofferRuntime runtime, ILogger logger, CancellationToken cancellationToken)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var endpointUrl = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal)) ?? addresses.First();
        var options = app.Services.GetRequiredService<IOptions<CofferOptions>>().Value;
        await runtime.WriteCliProfilesAsync(endpointUrl, options.DefaultRegion, cancellationToken);
        if (logger.IsEnabled(LogLevel.Information))
        {
            Log.Listening(logger, string.Join(", ", addresses), runtime.DataDirectory, string.Join(", ", app.Services.GetRequiredService<ServiceRegistry>().Names));
        }
        return endpointUrl;
    }

    /// <summary>
    /// The options: the <c>Coffer</c> section (appsettings, <c>Coffer__…</c> variables), then <c>COFFER_DATA_DIR</c>,
    /// then <c>--data-dir</c>, later ones winning.
    /// </summary>
    public static CofferOptions ResolveOptions(IConfiguration configuration, string? dataDirectory)
    {
        var options = new CofferOptions();
        configuration.GetSection(CofferOptions.SectionName).Bind(options);
        var fromEnvironment = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            options.DataDirectory = fromEnvironment;
        }

        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            options.DataDirectory = dataDirectory;
        }

        return options;
    }

    private static string? ValidateOptions(CofferOptions options)
    {
        if (Validate(options) is { } invalid)
        {
            return invalid;
        }

        if (!options.EffectiveRegions.Contains(options.DefaultRegion))
        {
            return $"Invalid configuration: Coffer:DefaultRegion '{options.DefaultRegion}' is not one of the configured Coffer:Regions.";
        }

        return null;
    }

    /// <summary>Every duration setting must be positive (a zero period would stop the timers that use it).</summary>
    private static string? ValidateDurations(params (string Name, TimeSpan Value)[] durations) =>
        durations.FirstOrDefault(d => d.Value <= TimeSpan.Zero) is { Name: { } name } bad
            ? $"Invalid configuration: {name} must be a positive duration, not {bad.Value}."
            : null;

    private static string? Validate(object options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        return System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true)
            ? null
            : "Invalid configuration: " + string.Join(" ", results.Select(r => r.ErrorMessage));
    }

    private static async Task HealthAsync(HttpContext context, CofferRuntime runtime)
    {
        var healthy = true;
        try
        {
            await using var connection = await runtime.Store.OpenConnectionAsync(context.RequestAborted);
            await connection.ScalarAsync(null, "SELECT 1;", context.RequestAborted);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            healthy = false;
        }

        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new HealthStatus(healthy ? "ok" : "unavailable", typeof(CofferHost).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"), HealthJsonContext.Default.HealthStatus, context.RequestAborted);
    }
}
