using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Server.Edge;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coffer.Server.Services.Kms;

/// <summary>Registers the key service and the <c>kms</c> endpoint with every operation in this assembly.</summary>
internal static class KmsServiceCollectionExtensions
{
    /// <summary>Adds KMS: the key service over the runtime's key store, its operations, key maintenance, and the audit sink (none unless one is registered).</summary>
    public static IServiceCollection AddCofferKms(this IServiceCollection services, CofferRuntime runtime, KeysOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp =>
        {
            var keys = new KeyService(runtime.Keys, runtime.MaterialRootKey, runtime.MaterialRootKeys, sp.GetRequiredService<TimeProvider>(), options);
            keys.ServiceEvent += sp.GetRequiredService<IKmsAuditSink>().RecordServiceEvent;
            return keys;
        });
        services.TryAddSingleton<IKmsAuditSink, NoKmsAudit>();
        services.AddHostedService<KeyMaintenanceService>();
        foreach (var operation in typeof(KmsOperation).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(KmsOperation))))
        {
            services.AddSingleton(typeof(KmsOperation), operation);
        }

        services.AddSingleton<AwsService>(sp => new KmsService(sp.GetServices<KmsOperation>()));
        return services;
    }

    /// <summary>The sink used until an audit trail is registered: records nothing.</summary>
    private sealed class NoKmsAudit : IKmsAuditSink
    {
        public ValueTask RecordAsync(KmsCall call, string operation, bool readOnly, Primitives.AwsServiceException? error, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void RecordServiceEvent(KeyServiceEvent serviceEvent)
        {
        }

        public void RecordViaService(string operation, KmsCaller caller, string keyId, IReadOnlyDictionary<string, string> encryptionContext, string? errorCode, string? errorMessage)
        {
        }
    }
}
