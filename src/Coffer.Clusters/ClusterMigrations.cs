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
        new(Component, 2, "RDS events", """
            CREATE TABLE rds_events (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                account_id  TEXT NOT NULL,
                region      TEXT NOT NULL,
                source_id   TEXT NOT NULL,
                source_type TEXT NOT NULL,
                source_arn  TEXT NOT NULL,
                category    TEXT NOT NULL,
                message     TEXT NOT NULL,
                event_time  INTEGER NOT NULL);
            CREATE INDEX rds_events_by_time ON rds_events (account_id, region, event_time);
            """),
        new(Component, 3, "DB cluster snapshots", """
            CREATE TABLE rds_cluster_snapshots (
                resource_id TEXT PRIMARY KEY,
                account_id  TEXT NOT NULL,
                region      TEXT NOT NULL,
                identifier  TEXT NOT NULL,
                document    TEXT NOT NULL,
                UNIQUE (account_id, region, identifier));
            """),
        new(Component, 4, "Retained DB cluster automated backups", """
            CREATE TABLE rds_cluster_automated_backups (
                resource_id TEXT PRIMARY KEY,
                account_id  TEXT NOT NULL,
                region      TEXT NOT NULL,
                identifier  TEXT NOT NULL,
                document    TEXT NOT NULL,
                UNIQUE (account_id, region, identifier));
            """),
    ];
}
