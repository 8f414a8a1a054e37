using Coffer.Clusters;
using Coffer.Data.DataApi;
using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Data.Tests.DataApi;

/// <summary>
/// The real stack under the Data API — keys, clusters, instances, secrets — over a metadata store in a temporary
/// directory on fake time, with one encrypted cluster (Data API enabled, one writer instance) and a secret holding its
/// master credentials.
/// </summary>
internal sealed class DataApiTestBed : IAsyncDisposable
{
    public const string MasterPassword = "Passw0rd!";

    private SqliteMetadataStore _metadata = null!;

    private DataApiTestBed()
    {
    }

    public TestDirectory Directory { get; } = new();

    public RootKey RootKey { get; } = RootKey.CreateRandom();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public KeyService Keys { get; private set; } = null!;

    public ClusterService Clusters { get; private set; } = null!;

    public InstanceService Instances { get; private set; } = null!;

    public SecretsService Secrets { get; private set; } = null!;

    public DataApiService DataApi { get; private set; } = null!;

    /// <summary>The cluster's ARN.</summary>
    public string ClusterArn { get; private set; } = null!;

    /// <summary>The ARN of the secret with the master credentials.</summary>
    public string SecretArn { get; private set; } = null!;

    /// <summary>The admin of account 111122223333 in eu-west-1.</summary>
    public KmsCaller Alice { get; } = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "eu-west-1", "AKIAALICE");

    /// <summary>The admin of another account, 444455556666, in the same region.</summary>
    public KmsCaller Mallory { get; } = new(AccountId.Parse("444455556666"), "arn:aws:iam::444455556666:user/mallory", "eu-west-1", "AKIAMALLORY");

    /// <summary>
    /// The stack with an available encrypted cluster <c>data</c> and its writer; the Data API runs on
    /// <paramref name="dataApiTime"/> (the bed's fake time by default) with <paramref name="options"/>.
    /// </summary>
    public static async Task<DataApiTestBed> CreateAsync(DataApiOptions? options = null, TimeProvider? dataApiTime = null)
    {
        var bed = new DataApiTestBed();
        bed._metadata = await SqliteMetadataStore.OpenAsync(
            bed.Directory.Path, bed.RootKey, [.. KeyMigrations.All, .. ClusterMigrations.All, .. InstanceMigrations.All, .. SecretMigrations.All], bed.Time, default);
        bed.Keys = new KeyService(await KeyStore.LoadAsync(bed._metadata, default), bed.RootKey, bed.Time, new KeysOptions());
        bed.Clusters = new ClusterService(await ClusterStore.LoadAsync(bed._metadata, default), bed.Keys, bed.RootKey, new ClusterOptions { Directory = Path.Combine(bed.Directory.Path, "clusters") }, bed.Time, NullLogger<ClusterService>.Instance);
        bed.Instances = new InstanceService(await InstanceStore.LoadAsync(bed._metadata, default), bed.Clusters, bed.Time);
        bed.Secrets = new SecretsService(await SecretStore.LoadAsync(bed._metadata, default), bed.Keys, bed.Time);
        bed.DataApi = new DataApiService(bed.Clusters, bed.Instances.Store, bed.Secrets, options ?? new DataApiOptions(), dataApiTime ?? bed.Time, NullLogger<DataApiService>.Instance);
        var cluster = await bed.AvailableClusterAsync("data", httpEndpoint: true);
        await bed.Instances.CreateAsync(bed.Alice, new CreateInstanceRequest { Identifier = "data-1", ClusterIdentifier = "data", Engine = ClusterEngine.Name, InstanceClass = "db.r5.large" }, default);
        bed.ClusterArn = cluster.Arn;
        bed.SecretArn = await bed.CreateSecretAsync("data-master", $$"""{"username":"admin","password":"{{MasterPassword}}"}""");
        return bed;
    }

    /// <summary>Creates an encrypted cluster and waits until it is available.</summary>
    public async Task<DbCluster> AvailableClusterAsync(string identifier, bool httpEndpoint)
    {
        var created = await Clusters.CreateAsync(Alice, new CreateClusterRequest
        {
            Identifier = identifier,
            Engine = ClusterEngine.Name,
            MasterUsername = "admin",
            MasterUserPassword = MasterPassword,
            StorageEncrypted = true,
            EnableHttpEndpoint = httpEndpoint,
        }, default);
        for (var i = 0; i < 500; i++)
        {
            var current = Clusters.Store.FindByResourceId(created.ResourceId)!;
            if (current.Status == ClusterStatus.Available)
            {
                return current;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Cluster {identifier} did not become available.");
    }

    /// <summary>Creates a secret with a string value; returns its ARN.</summary>
    public async Task<string> CreateSecretAsync(string name, string value)
    {
        using var secretValue = SecretValue.FromString(value);
        return (await Secrets.CreateSecretAsync(Alice, new CreateSecretRequest { Name = name, Value = secretValue }, default)).Arn;
    }

    /// <summary>Runs one statement as Alice on the cluster.</summary>
    public Task<StatementResult> ExecuteAsync(string sql, IReadOnlyList<SqlParameter>? parameters = null, string? transactionId = null, ResultFormat? format = null, string? clusterArn = null, string? secretArn = null) =>
        DataApi.ExecuteStatementAsync(Alice, new ExecuteStatementRequest
        {
            ResourceArn = clusterArn ?? ClusterArn,
            SecretArn = secretArn ?? SecretArn,
            Sql = sql,
            Parameters = parameters ?? [],
            TransactionId = transactionId,
            Format = format ?? ResultFormat.Default,
        }, default);

    /// <summary>Begins a transaction as Alice.</summary>
    public Task<string> BeginAsync() => DataApi.BeginTransactionAsync(Alice, ClusterArn, SecretArn, null, null, default);

    /// <summary>Commits a transaction as Alice.</summary>
    public Task<string> CommitAsync(string transactionId) => DataApi.CommitTransactionAsync(Alice, ClusterArn, SecretArn, transactionId, default);

    /// <summary>The first column of every row, as text.</summary>
    public async Task<List<string>> ColumnAsync(string sql, string? transactionId = null) =>
        [.. (await ExecuteAsync(sql, transactionId: transactionId)).Records!.Select(r => r[0].Kind == FieldKind.String ? r[0].StringValue! : r[0].ToString())];

    public async ValueTask DisposeAsync()
    {
        await DataApi.DisposeAsync();
        Instances.Dispose();
        await Clusters.DisposeAsync();
        Secrets.Dispose();
        Keys.Dispose();
        Keys.Store.Dispose();
        _metadata.Dispose();
        RootKey.Dispose();
        SqliteConnection.ClearAllPools();
        SqliteMetadataStore.ReleaseConnections();
        Directory.Dispose();
    }
}
