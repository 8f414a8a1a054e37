using Coffer.Clusters;
using Coffer.Data.DataApi;
using Coffer.Data.Secrets;
using Coffer.Server.Edge;
using Coffer.Server.Hosting;

namespace Coffer.Server.Services.RdsData;

/// <summary>Registers the Data API and the <c>rds-data</c> endpoint with every operation in this assembly.</summary>
internal static class RdsDataServiceCollectionExtensions
{
    /// <summary>Adds the Data API over the cluster service, the runtime's instances and the secrets service.</summary>
    public static IServiceCollection AddCofferRdsData(this IServiceCollection services, CofferRuntime runtime, DataApiOptions options)
    {
        services.AddSingleton(sp => new DataApiService(
            sp.GetRequiredService<ClusterService>(),
            runtime.Instances,
            sp.GetRequiredService<SecretsService>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DataApiService>>()));
        foreach (var operation in typeof(RdsDataOperation).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(RdsDataOperation))))
        {
            services.AddSingleton(typeof(RdsDataOperation), operation);
        }

        services.AddSingleton<AwsService>(sp => new RdsDataService(sp.GetServices<RdsDataOperation>()));
        return services;
    }
}
