namespace Coffer.Clusters;

/// <summary>What DescribeDBInstances reports for an instance: its record, the status to show, its cluster (read at describe time) and its tags.</summary>
public sealed record InstanceDescription(DbInstance Instance, string Status, DbCluster Cluster, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The cluster's encryption: every instance reports it.</summary>
    public bool StorageEncrypted => Cluster.StorageEncrypted;

    /// <summary>The cluster's key ARN, absent when unencrypted.</summary>
    public string? KmsKeyArn => Cluster.KmsKeyArn;
}
