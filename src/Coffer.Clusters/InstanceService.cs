using System.Security.Cryptography;
using Coffer.Keys;
using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>
/// DB instances as members of DB clusters, and RDS resource tags. An instance has no storage of its own: it reports
/// its cluster's encryption and key (read at describe time). Creation is immediate: the Create response says
/// <c>creating</c> and the next describe <c>available</c>, or <c>creating</c> until the cluster is available when it was
/// added to a cluster still being created (AWS's documented flow: create-db-cluster, create-db-instance, then wait);
/// Reboot answers <c>rebooting</c> and Delete <c>deleting</c> (the record is gone at once). While the cluster is
/// stopped or has lost its key, its instances report the cluster's status. Tags of clusters and instances written after creation live in one resource tag table keyed by resource
/// id, seeded from the creation tags at the first write; until then the creation tags hold.
/// </summary>
public sealed partial class InstanceService : IDisposable
{
    private static readonly HashSet<string> ClusterStatesShown = new(StringComparer.Ordinal)
    {
        ClusterStatus.Stopping, ClusterStatus.Stopped, ClusterStatus.Starting, ClusterStatus.InaccessibleRecoverable, ClusterStatus.Inaccessible,
    };

    /// <summary>
    /// The cluster states in which RDS takes a new member: being created (the instance is <c>creating</c> until the
    /// cluster is available), available, and the transient states of a running cluster (a snapshot or a modification
    /// in progress). A stopping, stopped, starting, deleting or key-less cluster refuses.
    /// </summary>
    private static readonly HashSet<string> ClusterStatesAcceptingMembers = new(StringComparer.Ordinal)
    {
        ClusterStatus.Creating, ClusterStatus.Available, ClusterStatus.BackingUp, ClusterStatus.Modifying,
    };

    private readonly InstanceStore _store;
    private readonly ClusterService _clusters;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the service over <paramref name="store"/>, reading clusters through <paramref name="clusters"/>.</summary>
    public InstanceService(InstanceStore store, ClusterService clusters, TimeProvider time)
    {
        _store = store;
        _clusters = clusters;
        _time = time;
        clusters.Instances ??= store;
    }

    /// <summary>The store.</summary>
    public InstanceStore Store => _store;

    /// <summary>
    /// CreateDBInstance: a member of a cluster that is available or still being created (see
    /// <see cref="ClusterStatesAcceptingMembers"/>), with the cluster's engine, encryption and key.
    /// </summary>
    public async Task<InstanceDescription> CreateAsync(KmsCaller caller, CreateInstanceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var identifier = ClusterIdentifiers.Normalize(request.Identifier, "DBInstanceIdentifier");
        if (string.IsNullOrEmpty(request.InstanceClass))
        {
            throw RdsErrors.MissingParameter("DBInstanceClass");
        }

        if (!InstanceClasses.All.Contains(request.InstanceClass, StringComparer.Ordinal))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid DB Instance class: {request.InstanceClass}. Coffer supports {string.Join(", ", InstanceClasses.All)}.");
        }

        if (string.IsNullOrEmpty(request.Engine))
        {
            throw RdsErrors.MissingParameter("Engine");
        }

        if (string.IsNullOrEmpty(request.ClusterIdentifier))
        {
            throw new AwsServiceException("MissingParameter", "The request must contain the parameter DBClusterIdentifier: Coffer DB instances are members of a DB cluster (there are no standalone instances).");
        }

        if (request.KmsKeyId is not null || request.StorageEncrypted is not null)
        {
            throw RdsErrors.InvalidParameterCombination("The requested DB Instance will be a member of a DB Cluster and its storage encryption key should not be set directly.");
        }

        if (request.PromotionTier is < 0 or > 15)
        {
            throw RdsErrors.InvalidParameterValue($"Invalid value {request.PromotionTier} for PromotionTier. Must be between 0 and 15.");
        }

        var cluster = _clusters.Describe(caller, request.ClusterIdentifier)[0];
        if (!string.Equals(request.Engine, cluster.Engine, StringComparison.Ordinal))
        {
            throw RdsErrors.InvalidParameterCombination($"The engine name requested for your DB instance ({request.Engine}) doesn't match the engine name of your DB cluster ({cluster.Engine}).");
        }

        if (cluster.StorageEncrypted && !InstanceClasses.SupportsStorageEncryption(request.InstanceClass))
        {
            throw RdsErrors.InvalidParameterCombination($"DB Instance class {request.InstanceClass} does not support encryption at rest");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            cluster = _clusters.Store.FindByResourceId(cluster.ResourceId) ?? throw RdsErrors.ClusterNotFound(request.ClusterIdentifier);
            if (!ClusterStatesAcceptingMembers.Contains(cluster.Status))
            {
                throw RdsErrors.InvalidClusterState($"DB Cluster {cluster.Identifier} is in {cluster.Status} state but expected it to be available.");
            }

            var instance = new DbInstance
            {
                Identifier = identifier,
                Account = caller.Account,
                Region = caller.Region,
                ResourceId = NewResourceId(),
                InstanceClass = request.InstanceClass,
                ClusterIdentifier = cluster.Identifier,
                ClusterResourceId = cluster.ResourceId,
                Status = InstanceStatus.Available,
                CreateTime = _time.GetUtcNow(),
                PromotionTier = request.PromotionTier ?? 1,
                Tags = new Dictionary<string, string>(request.Tags, StringComparer.Ordinal),
            };
            if (!await _store.TryAddAsync(instance, cancellationToken))
            {
                throw InstanceErrors.AlreadyExists(identifier);
            }

            // A member of a cluster still being created starts with the cluster's volume, which notes it then.
            _clusters.EngineLogs.RecordInstanceStarted(cluster, instance);

            return new InstanceDescription(instance, InstanceStatus.Creating, cluster, instance.Tags);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>DescribeDBInstances: one instance by identifier or ARN (DBInstanceNotFound when absent), or all of the caller's.</summary>
    public IReadOnlyList<InstanceDescription> Describe(KmsCaller caller, string? identifier)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (identifier is null)
        {
            return [.. _store.InstancesOf(caller.Account, caller.Region).Select(Describe).OfType<InstanceDescription>()];
        }

        var found = Find(caller, identifier);
        return found is null ? throw InstanceErrors.NotFound(identifier) : [found];
    }

    /// <summary>RebootDBInstance: only an available instance; answers <c>rebooting</c>, available again at once.</summary>
    public async Task<InstanceDescription> RebootAsync(KmsCaller caller, string identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var found = Find(caller, identifier) ?? throw InstanceErrors.NotFound(identifier);
            if (!string.Equals(found.Status, InstanceStatus.Available, StringComparison.Ordinal))
            {
                throw InstanceErrors.InvalidState($"DB instance {found.Instance.Identifier} is not in available state (it is {found.Status}).");
            }

            _clusters.EngineLogs.RecordNote(found.Cluster, found.Instance, "Shutdown requested by RebootDBInstance; connections closed.");
            _clusters.EngineLogs.RecordNote(found.Cluster, found.Instance, $"Instance {found.Instance.Identifier} started after reboot.");
            return found with { Status = InstanceStatus.Rebooting };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>DeleteDBInstance: answers <c>deleting</c>; the instance is gone at once (no final snapshot for a cluster member).</summary>
    public async Task<InstanceDescription> DeleteAsync(KmsCaller caller, string identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var found = Find(caller, identifier) ?? throw InstanceErrors.NotFound(identifier);
            await _store.RemoveAsync(found.Instance.ResourceId, cancellationToken);
            _clusters.EngineLogs.DeleteInstanceLogs(found.Cluster, found.Instance);
            return found with { Status = InstanceStatus.Deleting };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>ListTagsForResource: a cluster's, a cluster snapshot's or an instance's tags, by ARN.</summary>
    public IReadOnlyDictionary<string, string> ListTags(KmsCaller caller, string resourceName)
    {
        var (resourceId, creationTags) = Resolve(caller, resourceName);
        return _store.FindTags(resourceId) ?? creationTags;
    }

    /// <summary>AddTagsToResource: adds or replaces tags (at most 50 on a resource).</summary>
    public Task AddTagsAsync(KmsCaller caller, string resourceName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return ChangeTagsAsync(caller, resourceName, current =>
        {
            foreach (var (key, value) in tags)
            {
                current[key] = value;
            }

            if (current.Count > 50)
            {
                throw RdsErrors.InvalidParameterValue("A resource can have at most 50 tags.");
            }
        }, cancellationToken);
    }

    /// <summary>RemoveTagsFromResource: removes the keys (absent keys are ignored, as AWS does).</summary>
    public Task RemoveTagsAsync(KmsCaller caller, string resourceName, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return ChangeTagsAsync(caller, resourceName, current =>
        {
            foreach (var key in keys)
            {
                current.Remove(key);
            }
        }, cancellationToken);
    }

    private async Task ChangeTagsAsync(KmsCaller caller, string resourceName, Action<Dictionary<string, string>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var (resourceId, creationTags) = Resolve(caller, resourceName);
            var current = new Dictionary<string, string>(_store.FindTags(resourceId) ?? creationTags, StringComparer.Ordinal);
            change(current);
            await _store.SetTagsAsync(resourceId, current, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private (string ResourceId, IReadOnlyDictionary<string, string> CreationTags) Resolve(KmsCaller caller, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(resourceName))
        {
            throw RdsErrors.MissingParameter("ResourceName");
        }

        var parts = resourceName.Split(':', 7);
        if (parts.Length != 7 || parts[0] != "arn" || parts[2] != "rds")
        {
            throw RdsErrors.InvalidParameterValue($"The specified resource name does not match an RDS resource in this region: {resourceName}.");
        }

        var sameScope = parts[3] == caller.Region && parts[4] == caller.Account.Value;
        switch (parts[5])
        {
            case "cluster":
                if (!sameScope)
                {
                    throw RdsErrors.ClusterNotFound(parts[6]);
                }

                var cluster = _clusters.Describe(caller, parts[6].ToLowerInvariant())[0];
                return (cluster.ResourceId, cluster.Tags);
            case "db":
                var instance = sameScope ? Find(caller, parts[6]) : null;
                return instance is null ? throw InstanceErrors.NotFound(parts[6]) : (instance.Instance.ResourceId, instance.Instance.Tags);
            case "cluster-snapshot":
                var snapshot = sameScope ? _clusters.Snapshots?.Find(caller.Account, caller.Region, parts[6].ToLowerInvariant()) : null;
                return snapshot is null ? throw RdsErrors.SnapshotNotFound(parts[6]) : (snapshot.SnapshotId, snapshot.Tags);
            default:
                throw RdsErrors.InvalidParameterValue($"Coffer tags DB clusters, DB cluster snapshots and DB instances only: {resourceName}.");
        }
    }

    private InstanceDescription? Find(KmsCaller caller, string identifier)
    {
        var name = identifier;
        var arnPrefix = $"arn:aws:rds:{caller.Region}:{caller.Account}:db:";
        if (name.StartsWith(arnPrefix, StringComparison.Ordinal))
        {
            name = name[arnPrefix.Length..];
        }

        var instance = _store.Find(caller.Account, caller.Region, name.ToLowerInvariant());
        return instance is null ? null : Describe(instance);
    }

    /// <summary>The instance as reported, or <see langword="null"/> once its cluster is gone (the cluster's deletion takes its members along).</summary>
    private InstanceDescription? Describe(DbInstance instance)
    {
        var cluster = _clusters.Store.FindByResourceId(instance.ClusterResourceId);
        if (cluster is null)
        {
            return null;
        }

        var status = cluster.Status == ClusterStatus.Creating ? InstanceStatus.Creating
            : ClusterStatesShown.Contains(cluster.Status) ? cluster.Status
            : instance.Status;
        return new InstanceDescription(instance, status, cluster, _store.FindTags(instance.ResourceId) ?? instance.Tags);
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private static string NewResourceId()
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        Span<char> id = stackalloc char[26];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return "db-" + new string(id);
    }
}
