using Coffer.Clusters;
using Coffer.Data.Secrets;
using Coffer.Keys.Service;
using Coffer.Server.Edge;
using Coffer.Server.Hosting;
using Coffer.Server.Services.Kms;
using Coffer.Storage.Archives;

namespace Coffer.Server.Services.Rds;

/// <summary>Registers the RDS control plane and the <c>rds</c> endpoint with every operation in this assembly.</summary>
internal static class RdsServiceCollectionExtensions
{
    /// <summary>Adds RDS: the cluster service over the runtime's cluster store (volumes under <c>&lt;data-dir&gt;/clusters</c>, snapshot archives under <c>&lt;data-dir&gt;/snapshots</c>), its operations, and its start and stop with the host.</summary>
    public static IServiceCollection AddCofferRds(this IServiceCollection services, CofferRuntime runtime, ClusterOptions options)
    {
        options = options with { Directory = Path.Combine(runtime.DataDirectory, "clusters"), SnapshotDirectory = Path.Combine(runtime.DataDirectory, "snapshots") };
        services.AddSingleton(options);
        services.AddSingleton(sp => new RdsEventLog(runtime.Store, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var clusters = new ClusterService(runtime.Clusters, sp.GetRequiredService<KeyService>(), runtime.RootKey, options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ClusterService>>())
            {
                Events = sp.GetRequiredService<RdsEventLog>(),
                MemberCount = resourceId => runtime.Instances.MembersOf(resourceId).Count(),
                Snapshots = runtime.Snapshots,
                AutomatedBackups = runtime.AutomatedBackups,
                SnapshotArchives = SnapshotStoreOnDisk(options.SnapshotDirectory),
                CurrentTags = runtime.Instances.FindTags,
                ForgetTags = runtime.Instances.RemoveTagsAsync,
                Instances = runtime.Instances,
                MasterUserSecrets = new SecretsManagerMasterUserSecrets(sp.GetRequiredService<SecretsService>()),
            };
            var audit = sp.GetRequiredService<IKmsAuditSink>();
            clusters.KeyUsed += use => audit.RecordViaService(use.Operation, use.Caller, use.KeyId, use.EncryptionContext, use.ErrorCode, use.ErrorMessage);
            return clusters;
        });
        services.AddSingleton(sp => new InstanceService(runtime.Instances, sp.GetRequiredService<ClusterService>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<ClusterLifetime>();
        foreach (var operation in typeof(RdsOperation).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(RdsOperation))))
        {
            services.AddSingleton(typeof(RdsOperation), operation);
        }

        services.AddSingleton<AwsService>(sp => new RdsService(sp.GetServices<RdsOperation>()));
        return services;
    }

    /// <summary>The snapshot archive store, without the partial files of uploads a crash abandoned.</summary>
    private static DirectoryArchiveStore SnapshotStoreOnDisk(string directory)
    {
        var store = new DirectoryArchiveStore(directory);
        store.RemoveAbandonedUploads();
        return store;
    }

    /// <summary>Starts the control plane with the host (resuming work a restart interrupted) and stops it first.</summary>
    private sealed class ClusterLifetime(ClusterService clusters) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => clusters.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await clusters.DisposeAsync();
    }
}
