using System.Collections.Concurrent;
using System.Text.Json;
using Coffer.Clusters;
using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Primitives;
using Microsoft.Extensions.Logging;

namespace Coffer.Data.DataApi;

/// <summary>
/// The RDS Data API: SQL statements and transactions on a DB cluster's volume, for callers holding a secret with the
/// cluster's master credentials. Every call finds the cluster in the caller's own account and region, checks that
/// the Data API is enabled and that the cluster can use its key, reads the secret through Secrets Manager (so the
/// secret's KMS key must be usable too), and runs on the volume through <see cref="ClusterService.UseVolumeAsync"/>,
/// so that a key going away interrupts the statement and no data comes back. Statements that only read, outside a
/// transaction, run on a reader instance when the cluster has one (readers share the cluster volume, as in Aurora);
/// writes queue for the writer, one at a time per cluster.
/// </summary>
public sealed partial class DataApiService : IAsyncDisposable
{
    private readonly ClusterService _clusters;
    private readonly InstanceStore _instances;
    private readonly SecretsService _secrets;
    private readonly DataApiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DataApiService> _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writers = new(StringComparer.Ordinal);
    private int _nextReader;

    /// <summary>Creates the service over the clusters, their instances and the secrets service.</summary>
    public DataApiService(ClusterService clusters, InstanceStore instances, SecretsService secrets, DataApiOptions options, TimeProvider time, ILogger<DataApiService> logger)
    {
        _clusters = clusters;
        _instances = instances;
        _secrets = secrets;
        _options = options;
        _time = time;
        _logger = logger;
        _sweeper = time.CreateTimer(_ => SweepTransactions(), null, options.TransactionSweepInterval, options.TransactionSweepInterval);
    }

    /// <summary>The options in force.</summary>
    public DataApiOptions Options => _options;

    /// <summary>Runs one SQL statement (ExecuteStatement).</summary>
    public async Task<StatementResult> ExecuteStatementAsync(KmsCaller caller, ExecuteStatementRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = await ResolveAsync(caller, request.ResourceArn, request.SecretArn, request.Database, request.Schema, cancellationToken);
        return await ClosingAsUnavailableAsync(target, () => WithTimeoutAsync(
            token => request.TransactionId is { } transactionId
                ? InTransactionAsync(caller, target, transactionId, request.Sql, TimeoutFor(request), (tx, guard) => RunPrepared(tx.Db, request, inTransaction: true, guard), token)
                : AutocommitAsync(target, request, token),
            request.ContinueAfterTimeout,
            cancellationToken), cancellationToken);
    }

    /// <summary>Runs one SQL statement once per parameter set (BatchExecuteStatement); returns each run's generated fields.</summary>
    public async Task<List<IReadOnlyList<Field>>> BatchExecuteStatementAsync(KmsCaller caller, ExecuteStatementRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = await ResolveAsync(caller, request.ResourceArn, request.SecretArn, request.Database, request.Schema, cancellationToken);
        var result = await ClosingAsUnavailableAsync(target, () => WithTimeoutAsync(
            token => request.TransactionId is { } transactionId
                ? InTransactionAsync(caller, target, transactionId, request.Sql, _options.StatementTimeout, (tx, guard) => new BatchResult(RunBatch(tx.Db, request, inTransaction: true, guard)), token)
                : AutocommitBatchAsync(target, request, token),
            continueAfterTimeout: false,
            cancellationToken), cancellationToken);
        return result.Results;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        foreach (var transaction in _transactions.Values)
        {
            await EndTransactionAsync(transaction, commit: false, "the server is shutting down.");
        }

        foreach (var writer in _writers.Values)
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Finds the cluster (only the caller's own: another account's ARN is simply not found), checks the Data API is
    /// enabled, the database and schema, the cluster's state and the secret, and picks the writer instance.
    /// </summary>
    private async Task<Target> ResolveAsync(KmsCaller caller, string resourceArn, string secretArn, string? database, string? schema, CancellationToken cancellationToken)
    {
        var cluster = FindEnabledCluster(caller, resourceArn);
        if (!string.IsNullOrEmpty(schema))
        {
            throw DataApiErrors.BadRequest("The schema parameter isn't supported: a SQLite DB cluster has one schema, main.");
        }

        if (!string.IsNullOrEmpty(database) && database != "main" && !string.Equals(database, cluster.DatabaseName, StringComparison.Ordinal))
        {
            throw DataApiErrors.DatabaseError($"Unknown database '{(database.Length > 64 ? database[..64] + "…" : database)}': this DB cluster's database is '{cluster.DatabaseName ?? "main"}'.");
        }

        CheckState(cluster);
        var writer = _instances.MembersOf(cluster.ResourceId).FirstOrDefault() ?? throw DataApiErrors.DatabaseNotFound(cluster.Identifier);
        if (writer.Status != InstanceStatus.Available)
        {
            throw DataApiErrors.DatabaseUnavailable($"The writer DB instance {writer.Identifier} of DB cluster {cluster.Identifier} is {writer.Status}; retry when it is available.");
        }

        await CheckSecretAsync(caller, cluster, secretArn, cancellationToken);
        return new Target(cluster, writer.Identifier);
    }

    /// <summary>The caller's cluster with the Data API enabled (HttpEndpointNotEnabledException otherwise).</summary>
    private DbCluster FindEnabledCluster(KmsCaller caller, string resourceArn)
    {
        var cluster = FindCluster(caller, resourceArn);
        return cluster.HttpEndpointEnabled ? cluster : throw DataApiErrors.HttpEndpointNotEnabled(cluster.Identifier);
    }

    private DbCluster FindCluster(KmsCaller caller, string resourceArn)
    {
        if (!Arn.TryParse(resourceArn, out var arn) || arn.Service != "rds" || !arn.Resource.StartsWith("cluster:", StringComparison.Ordinal))
        {
            throw DataApiErrors.BadRequest($"The resourceArn {Shorten(resourceArn)} is not a DB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<identifier>).");
        }

        if (arn.Account != caller.Account.Value || arn.Region != caller.Region)
        {
            throw DataApiErrors.ClusterNotFound(Shorten(resourceArn));
        }

        return _clusters.Store.Find(caller.Account, caller.Region, arn.Resource["cluster:".Length..])
            ?? throw DataApiErrors.ClusterNotFound(Shorten(resourceArn));
    }

    /// <summary>Only an available (or backing-up) cluster runs statements; a cluster without its key never answers with data.</summary>
    private static void CheckState(DbCluster cluster)
    {
        switch (cluster.Status)
        {
            case ClusterStatus.Available or ClusterStatus.BackingUp or ClusterStatus.Modifying:
                return;
            case ClusterStatus.InaccessibleRecoverable or ClusterStatus.Inaccessible:
                throw DataApiErrors.InvalidResourceState($"DB cluster {cluster.Identifier} is {cluster.Status}: it cannot use its KMS key {cluster.KmsKeyArn}, so its data cannot be read or written.");
            case ClusterStatus.Stopped or ClusterStatus.Stopping or ClusterStatus.Deleting or ClusterStatus.IncompatibleRestore:
                throw DataApiErrors.InvalidResourceState($"DB cluster {cluster.Identifier} is {cluster.Status}; statements run only on an available DB cluster.");
            default:
                throw DataApiErrors.DatabaseUnavailable($"DB cluster {cluster.Identifier} is {cluster.Status}; retry when it is available.");
        }
    }

    /// <summary>
    /// Reads the secret as the caller (Secrets Manager decides, and the secret's key must be usable) and checks its
    /// username and password against the cluster's master credentials. The secret's value is zeroed at once.
    /// </summary>
    private async Task CheckSecretAsync(KmsCaller caller, DbCluster cluster, string secretArn, CancellationToken cancellationToken)
    {
        SecretValueResult secret;
        try
        {
            secret = await _secrets.GetSecretValueAsync(caller, secretArn, null, null, cancellationToken);
        }
        catch (AwsServiceException e) when (e.IsSenderFault)
        {
            throw DataApiErrors.Secret($"Error fetching secret {Shorten(secretArn)}: {e.Message}");
        }

        using (secret)
        {
            if (secret.Value.IsBinary || !TryReadCredentials(secret.Value.Bytes, out var username, out var password))
            {
                throw DataApiErrors.Secret($"The secret {Shorten(secretArn)} is not a database credential: its SecretString must be a JSON object with string fields username and password.");
            }

            try
            {
                if (!_clusters.VerifyMasterCredentials(cluster, username, password))
                {
                    throw DataApiErrors.AccessDenied(username);
                }
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(password);
            }
        }
    }

    private static bool TryReadCredentials(ReadOnlySpan<byte> json, out string username, out byte[] password)
    {
        username = string.Empty;
        password = [];
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? user = null;
            byte[]? secret = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "username" && reader.TokenType == JsonTokenType.String)
                {
                    user = reader.GetString();
                }
                else if (name == "password" && reader.TokenType == JsonTokenType.String)
                {
                    secret = new byte[reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length];
                    var written = reader.CopyString(secret);
                    if (written != secret.Length)
                    {
                        Array.Resize(ref secret, written);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            if (user is null || secret is null)
            {
                return false;
            }

            (username, password) = (user, secret);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private SemaphoreSlim WriterOf(string clusterResourceId) => _writers.GetOrAdd(clusterResourceId, _ => new SemaphoreSlim(1, 1));

    /// <summary>A reader instance for a read-only statement outside a transaction (round robin), or the writer when there is none.</summary>
    private string InstanceFor(Target target, bool readOnly)
    {
        if (!readOnly)
        {
            return target.Writer;
        }

        var readers = _instances.MembersOf(target.Cluster.ResourceId).Skip(1).Where(i => i.Status == InstanceStatus.Available).ToList();
        return readers.Count == 0 ? target.Writer : readers[(int)((uint)Interlocked.Increment(ref _nextReader) % readers.Count)].Identifier;
    }

    /// <summary>Runs <paramref name="work"/> with the statement timeout: past it the call fails, and the statement is interrupted unless it was asked to continue.</summary>
    private async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> work, bool continueAfterTimeout, CancellationToken cancellationToken)
    {
        if (!continueAfterTimeout)
        {
            return await work(cancellationToken);
        }

        // The statement is on its own: the call's end does not cancel it, its guard cuts it off at MaxStatementDuration.
        var running = Task.Run(() => work(CancellationToken.None), CancellationToken.None);
        try
        {
            return await running.WaitAsync(_options.StatementTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            _ = running.ContinueWith(t => Log.ContinuedStatementEnded(_logger, t.Exception?.GetBaseException().Message ?? "completed"), TaskScheduler.Default);
            throw DataApiErrors.StatementTimeout(_options.StatementTimeout);
        }
    }

    /// <summary>A statement cut off because the cluster's volume closed under it (stop, or the key went away) fails as the cluster's state.</summary>
    private static async Task<T> ClosingAsUnavailableAsync<T>(Target target, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw DataApiErrors.InvalidResourceState($"DB cluster {target.Cluster.Identifier} closed its volume while the statement ran (it is stopping or lost access to its KMS key); the statement was cancelled and its changes rolled back.");
        }
    }

    private static string Shorten(string text) => text.Length > 256 ? text[..256] + "…" : text;

    /// <summary>The cluster a call runs on, and its writer instance.</summary>
    private sealed record Target(DbCluster Cluster, string Writer);

    /// <summary>A batch's results, as a reference type for <see cref="ClusterService.UseVolumeAsync"/>.</summary>
    private sealed record BatchResult(List<IReadOnlyList<Field>> Results);
}
