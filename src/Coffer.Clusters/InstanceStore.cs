using System.Collections.Concurrent;
using System.Text.Json;
using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>
/// DB instance records and resource tags: durable in the metadata store (one JSON document per instance keyed by
/// resource id; one JSON tag map per tagged resource keyed by resource id), held in memory for reads. Writes go to the
/// database first; one at a time.
/// </summary>
public sealed class InstanceStore : IDisposable
{
    private readonly IMetadataStore _store;
    private readonly ConcurrentDictionary<string, DbInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _tags = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writer = new(1, 1);

    private InstanceStore(IMetadataStore store) => _store = store;

    /// <summary>Loads every instance and tag map.</summary>
    public static async Task<InstanceStore> LoadAsync(IMetadataStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var instances = new InstanceStore(store);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using (var command = MetadataCommands.Create(connection, null, "SELECT document FROM rds_instances;"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var instance = JsonSerializer.Deserialize(reader.GetString(0), InstanceJsonContext.Default.DbInstance)!;
                instances._instances[instance.ResourceId] = instance;
            }
        }

        await using (var command = MetadataCommands.Create(connection, null, "SELECT resource_id, document FROM rds_resource_tags;"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                instances._tags[reader.GetString(0)] = JsonSerializer.Deserialize(reader.GetString(1), InstanceJsonContext.Default.DictionaryStringString)!;
            }
        }

        return instances;
    }

    /// <summary>An instance by identifier, or <see langword="null"/>.</summary>
    public DbInstance? Find(AccountId account, string region, string identifier) =>
        _instances.Values.FirstOrDefault(i => i.Account == account && i.Region == region && string.Equals(i.Identifier, identifier, StringComparison.Ordinal));

    /// <summary>The instances of an account in a region, by identifier.</summary>
    public IEnumerable<DbInstance> InstancesOf(AccountId account, string region) =>
        _instances.Values.Where(i => i.Account == account && i.Region == region).OrderBy(i => i.Identifier, StringComparer.Ordinal);

    /// <summary>The instances of a cluster, by identifier.</summary>
    public IEnumerable<DbInstance> MembersOf(string clusterResourceId) =>
        _instances.Values.Where(i => string.Equals(i.ClusterResourceId, clusterResourceId, StringComparison.Ordinal)).OrderBy(i => i.Identifier, StringComparer.Ordinal);

    /// <summary>The tags written for a resource since its creation, or <see langword="null"/> when none were (its creation tags hold).</summary>
    public IReadOnlyDictionary<string, string>? FindTags(string resourceId) => _tags.TryGetValue(resourceId, out var tags) ? tags : null;

    /// <summary>Adds an instance; <see langword="false"/> when the identifier is taken in its account and region.</summary>
    public async Task<bool> TryAddAsync(DbInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (Find(instance.Account, instance.Region, instance.Identifier) is not null)
            {
                return false;
            }

            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "INSERT INTO rds_instances (resource_id, account_id, region, identifier, document) VALUES (@r, @a, @g, @i, @d);", cancellationToken,
                ("@r", instance.ResourceId), ("@a", instance.Account.Value), ("@g", instance.Region), ("@i", instance.Identifier), ("@d", Serialize(instance)));
            _instances[instance.ResourceId] = instance;
            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Replaces an instance's record.</summary>
    public async Task UpdateAsync(DbInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "UPDATE rds_instances SET identifier = @i, document = @d WHERE resource_id = @r;", cancellationToken,
                ("@r", instance.ResourceId), ("@i", instance.Identifier), ("@d", Serialize(instance)));
            _instances[instance.ResourceId] = instance;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Removes an instance's record and its tags.</summary>
    public async Task RemoveAsync(string resourceId, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "DELETE FROM rds_instances WHERE resource_id = @r;", cancellationToken, ("@r", resourceId));
            await connection.ExecuteAsync(null, "DELETE FROM rds_resource_tags WHERE resource_id = @r;", cancellationToken, ("@r", resourceId));
            _instances.TryRemove(resourceId, out _);
            _tags.TryRemove(resourceId, out _);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Replaces a resource's tags.</summary>
    public async Task SetTagsAsync(string resourceId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var copy = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "INSERT INTO rds_resource_tags (resource_id, document) VALUES (@r, @d) ON CONFLICT (resource_id) DO UPDATE SET document = excluded.document;", cancellationToken,
                ("@r", resourceId), ("@d", JsonSerializer.Serialize(copy, InstanceJsonContext.Default.DictionaryStringString)));
            _tags[resourceId] = copy;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Forgets a deleted resource's tags.</summary>
    public async Task RemoveTagsAsync(string resourceId, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(null, "DELETE FROM rds_resource_tags WHERE resource_id = @r;", cancellationToken, ("@r", resourceId));
            _tags.TryRemove(resourceId, out _);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static string Serialize(DbInstance instance) => JsonSerializer.Serialize(instance, InstanceJsonContext.Default.DbInstance);
}
