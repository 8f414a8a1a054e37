using Coffer.Keys;
using Coffer.Primitives;

namespace Coffer.Clusters;

/// <summary>
/// ModifyDBClusterSnapshotAttribute and DescribeDBClusterSnapshotAttributes: sharing a manual snapshot for restore with
/// other accounts (the <c>restore</c> attribute, up to 20 account ids, or <c>all</c> to make an unencrypted one public).
/// Sharing gives the other account no key: to copy or restore an encrypted snapshot it must also be allowed to use the
/// snapshot's key by that key's policy, which an AWS managed key's never allows — so such a snapshot is not shared at all.
/// </summary>
public sealed partial class ClusterService
{
    /// <summary>The one snapshot attribute RDS has.</summary>
    public const string RestoreAttribute = "restore";

    /// <summary>The value that makes a snapshot public.</summary>
    public const string AllAccounts = "all";

    /// <summary>
    /// ModifyDBClusterSnapshotAttribute: adds then removes account ids (or <c>all</c>) in the <c>restore</c> attribute of
    /// one of the caller's available manual snapshots. Returns the snapshot as it is now.
    /// </summary>
    public async Task<DbClusterSnapshot> ModifySnapshotAttributeAsync(
        KmsCaller caller, string? snapshotIdentifier, string? attributeName, IReadOnlyList<string> valuesToAdd, IReadOnlyList<string> valuesToRemove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(valuesToAdd);
        ArgumentNullException.ThrowIfNull(valuesToRemove);
        if (string.IsNullOrEmpty(snapshotIdentifier))
        {
            throw RdsErrors.MissingParameter("DBClusterSnapshotIdentifier");
        }

        if (!string.Equals(attributeName, RestoreAttribute, StringComparison.Ordinal))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid AttributeName {attributeName}: the only attribute of a DB cluster snapshot is {RestoreAttribute}.");
        }

        foreach (var value in valuesToAdd.Concat(valuesToRemove))
        {
            if (value != AllAccounts && !AccountId.TryParse(value, out _))
            {
                throw RdsErrors.InvalidParameterValue($"Invalid value {value} for the {RestoreAttribute} attribute: give 12-digit AWS account ids, or {AllAccounts}.");
            }
        }

        var owned = OwnSnapshot(caller, snapshotIdentifier);
        var gate = _locks.GetOrAdd(owned.SnapshotId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var snapshot = SnapshotRecords.FindById(owned.SnapshotId) ?? throw RdsErrors.SnapshotNotFound(snapshotIdentifier);
            CheckShareable(snapshot, valuesToAdd);
            var shared = snapshot.SharedWith.Union(valuesToAdd, StringComparer.Ordinal).Except(valuesToRemove, StringComparer.Ordinal).ToList();
            if (shared.Count(v => v != AllAccounts) > _options.MaxSharedAccounts)
            {
                throw RdsErrors.SharedSnapshotQuotaExceeded(_options.MaxSharedAccounts);
            }

            snapshot = snapshot with { SharedWith = [.. shared.Order(StringComparer.Ordinal)] };
            await SnapshotRecords.UpdateAsync(snapshot, cancellationToken);
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>DescribeDBClusterSnapshotAttributes: one of the caller's snapshots (its <c>restore</c> attribute is in <see cref="DbClusterSnapshot.SharedWith"/>).</summary>
    public DbClusterSnapshot DescribeSnapshotAttributes(KmsCaller caller, string? snapshotIdentifier)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return string.IsNullOrEmpty(snapshotIdentifier)
            ? throw RdsErrors.MissingParameter("DBClusterSnapshotIdentifier")
            : OwnSnapshot(caller, snapshotIdentifier);
    }

    /// <summary>Whether a snapshot may be shared as asked: manual, available, and for an encrypted one neither public nor under an AWS managed key.</summary>
    private void CheckShareable(DbClusterSnapshot snapshot, IReadOnlyList<string> valuesToAdd)
    {
        if (snapshot.SnapshotType == SnapshotStatus.Automated)
        {
            throw RdsErrors.InvalidSnapshotState($"The snapshot {snapshot.Identifier} is automated; automated snapshots cannot be shared. Copy it to a manual snapshot and share the copy.");
        }

        if (snapshot.Status != SnapshotStatus.Available)
        {
            throw RdsErrors.InvalidSnapshotState($"Cannot change the attributes of the snapshot {snapshot.Identifier} while it is {snapshot.Status}.");
        }

        if (valuesToAdd.Count == 0 || !snapshot.StorageEncrypted)
        {
            return;
        }

        if (valuesToAdd.Contains(AllAccounts, StringComparer.Ordinal))
        {
            throw RdsErrors.InvalidParameterValue($"The snapshot {snapshot.Identifier} is encrypted and cannot be made public: share it with specific accounts instead.");
        }

        if (IsAwsManagedKey(snapshot.KmsKeyArn))
        {
            throw RdsErrors.InvalidParameterValue(
                $"The snapshot {snapshot.Identifier} is encrypted with the AWS managed key (alias/aws/rds), which cannot be used by other accounts, so the snapshot cannot be shared. Copy it with a customer managed key whose policy allows those accounts, and share the copy.");
        }
    }

    /// <summary>Whether a key ARN names an AWS managed key (such as <c>aws/rds</c>).</summary>
    private bool IsAwsManagedKey(string? keyArn) =>
        keyArn is not null && Guid.TryParse(keyArn[(keyArn.LastIndexOf('/') + 1)..], out var id) && _keys.Store.Find(id)?.Key.KeyManager == KeyManagerType.Aws;

    /// <summary>One of the caller's snapshots, by identifier or by an ARN of its own; DBClusterSnapshotNotFoundFault otherwise.</summary>
    private DbClusterSnapshot OwnSnapshot(KmsCaller caller, string identifier)
    {
        var snapshot = FindVisibleSnapshot(caller, identifier);
        return snapshot is not null && snapshot.Account == caller.Account ? snapshot : throw RdsErrors.SnapshotNotFound(identifier);
    }
}
