using Coffer.Keys;

namespace Coffer.Clusters;

/// <summary>ModifyDBInstance: class, identifier and promotion tier. An instance's encryption is its cluster's and is not among them.</summary>
public sealed partial class InstanceService
{
    /// <summary>
    /// ModifyDBInstance: only an <c>available</c> instance (InvalidDBInstanceState with RDS's message otherwise, which
    /// includes every member of a stopped or inaccessible cluster). Changes apply when the call is made, whatever
    /// ApplyImmediately says; the result is the instance as it now is. A rename changes the ARN; tags follow the
    /// resource id.
    /// </summary>
    public async Task<InstanceDescription> ModifyAsync(KmsCaller caller, ModifyInstanceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Identifier))
        {
            throw RdsErrors.MissingParameter("DBInstanceIdentifier");
        }

        if (request.KmsKeyId is not null || request.StorageEncrypted is not null)
        {
            throw RdsErrors.InvalidParameterCombination("The DB instance is a member of a DB cluster: its storage encryption and KMS key are the cluster's and cannot be set on the instance.");
        }

        if (request.InstanceClass is not null && !InstanceClasses.All.Contains(request.InstanceClass, StringComparer.Ordinal))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid DB Instance class: {request.InstanceClass}. Coffer supports {string.Join(", ", InstanceClasses.All)}.");
        }

        if (request.PromotionTier is < 0 or > 15)
        {
            throw RdsErrors.InvalidParameterValue($"Invalid value {request.PromotionTier} for PromotionTier. Must be between 0 and 15.");
        }

        var newIdentifier = request.NewIdentifier is null ? null : ClusterIdentifiers.Normalize(request.NewIdentifier, "NewDBInstanceIdentifier");

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var found = Find(caller, request.Identifier) ?? throw InstanceErrors.NotFound(request.Identifier);
            if (!string.Equals(found.Status, InstanceStatus.Available, StringComparison.Ordinal))
            {
                throw InstanceErrors.InvalidState("Database instance is not in available state.");
            }

            if (request.InstanceClass is not null && found.Cluster.StorageEncrypted && !InstanceClasses.SupportsStorageEncryption(request.InstanceClass))
            {
                throw RdsErrors.InvalidParameterCombination($"DB Instance class {request.InstanceClass} does not support encryption at rest");
            }

            var instance = found.Instance;
            var modified = instance with
            {
                Identifier = newIdentifier ?? instance.Identifier,
                InstanceClass = request.InstanceClass ?? instance.InstanceClass,
                PromotionTier = request.PromotionTier ?? instance.PromotionTier,
            };
            if (modified == instance)
            {
                return found;
            }

            // Every instance write holds the gate, so the identifier cannot be taken between this check and the update.
            if (modified.Identifier != instance.Identifier && _store.Find(instance.Account, instance.Region, modified.Identifier) is not null)
            {
                throw InstanceErrors.AlreadyExists(modified.Identifier);
            }

            await _store.UpdateAsync(modified, cancellationToken);
            return found with { Instance = modified };
        }
        finally
        {
            _gate.Release();
        }
    }
}
