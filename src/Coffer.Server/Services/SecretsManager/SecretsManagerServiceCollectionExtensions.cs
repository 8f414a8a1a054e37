using Coffer.Data.Secrets;
using Coffer.Keys.Service;
using Coffer.Server.Edge;
using Coffer.Server.Hosting;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager;

/// <summary>Registers the secrets service and the <c>secretsmanager</c> endpoint with every operation in this assembly.</summary>
internal static class SecretsManagerServiceCollectionExtensions
{
    /// <summary>
    /// Adds Secrets Manager: the secrets service over the runtime's secret store (its KMS uses recorded in the audit
    /// trail as calls via secretsmanager), its operations and the final deletion of secrets past their recovery window.
    /// </summary>
    public static IServiceCollection AddCofferSecretsManager(this IServiceCollection services, CofferRuntime runtime, SecretsOptions options)
    {
        services.AddSingleton(sp =>
        {
            var secrets = new SecretsService(runtime.Secrets, sp.GetRequiredService<KeyService>(), sp.GetRequiredService<TimeProvider>(), options);
            var audit = sp.GetRequiredService<IKmsAuditSink>();
            secrets.KeyUsed += use => audit.RecordViaService(use.Operation, use.Caller, use.KeyId, use.EncryptionContext, use.ErrorCode, use.ErrorMessage);
            return secrets;
        });
        services.AddHostedService<SecretMaintenanceService>();
        foreach (var operation in typeof(SecretsOperation).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(SecretsOperation))))
        {
            services.AddSingleton(typeof(SecretsOperation), operation);
        }

        services.AddSingleton<AwsService>(sp => new SecretsManagerService(sp.GetServices<SecretsOperation>()));
        return services;
    }
}
