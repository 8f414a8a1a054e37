using Coffer.Keys;
using Coffer.Keys.Service;
using Microsoft.Data.Sqlite;

namespace Coffer.Server.Services.Kms;

/// <summary>
/// Runs <see cref="KeyService.RunMaintenanceAsync"/> every <see cref="KeysOptions.EffectiveMaintenanceInterval"/> on the
/// host's <see cref="TimeProvider"/>: due automatic rotations and final deletions. A failed run is logged and the
/// next one tries again; the service never stops the host.
/// </summary>
internal sealed class KeyMaintenanceService(KeyService keys, KeysOptions options, TimeProvider time, ILogger<KeyMaintenanceService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        keys.ServiceEvent += OnServiceEvent;
        try
        {
            using var timer = new PeriodicTimer(options.EffectiveMaintenanceInterval, time);
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
        finally
        {
            keys.ServiceEvent -= OnServiceEvent;
        }
    }

    /// <summary>One maintenance pass; failures are logged, not thrown.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await keys.RunMaintenanceAsync(cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException or Primitives.AwsServiceException)
        {
            Log.KeyMaintenanceFailed(logger, e);
        }
    }

    private void OnServiceEvent(KeyServiceEvent e)
    {
        if (e.Kind == KeyServiceEventKind.RotateKey)
        {
            Log.KeyRotatedAutomatically(logger, e.KeyArn);
        }
        else
        {
            Log.KeyDeleted(logger, e.KeyArn);
        }
    }
}
