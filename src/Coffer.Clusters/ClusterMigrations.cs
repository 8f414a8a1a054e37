using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>The RDS control plane's schema in the metadata store. Released steps never change; add new ones.</summary>
public static class ClusterMigrations
{
    /// <summary>The component name in the migration ledger.</summary>
    public const string Component = "clusters";

    /// <summary>Every step.</summary>
    public static IEnumerable<MetadataMigration> All { get; } =
    [
        new(Component, 1, "DB clusters", """
            CREATE TABLE rds_clusters (
                resource_id TEXT PRIMARY KEY,
                account_id  TEXT NOT NULL,
                region      TEXT NOT NULL,
                identifier  TEXT NOT NULL,
                document    TEXT NOT NULL,
                UNIQUE (account_id, region, identifier));
            """),
    ];
}
