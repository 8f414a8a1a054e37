using Coffer.Data.Secrets;
using Microsoft.Data.Sqlite;

namespace Coffer.Server.Services.SecretsManager;

/// <summary>
/// Runs <see cref="SecretsService.RunMaintenanceAsync"/> every <see cref="SecretsOptions.EffectiveMaintenanceInterval"/> on the
/// host's <see cref="TimeProvider"/>: secrets whose recovery window has ended are deleted for good. (Until then such a
/// secret already answers ResourceNotFoundException.) A failed run is logged and the next one tries again.
/// </summary>
internal sealed class SecretMaintenanceService(SecretsService secrets, TimeProvider time, ILogger<SecretMaintenanceService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(secrets.Options.EffectiveMaintenanceInterval, time);
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>One maintenance pass; failures are logged, not thrown.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var arn in await secrets.RunMaintenanceAsync(cancellationToken))
            {
                Log.SecretDeleted(logger, arn);
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException)
        {
            Log.SecretMaintenanceFailed(logger, e);
        }
    }
}
