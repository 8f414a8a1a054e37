using Coffer.Storage.Metadata;

namespace Coffer.Clusters;

/// <summary>The schema of DB instances and resource tags in the metadata store. Released steps never change; add new ones.</summary>
public static class InstanceMigrations
{
    /// <summary>The component name in the migration ledger.</summary>
    public const string Component = "instances";

    /// <summary>Every step.</summary>
    public static IEnumerable<MetadataMigration> All { get; } =
    [
        new(Component, 1, "DB instances and resource tags", """
            CREATE TABLE rds_instances (
                resource_id TEXT PRIMARY KEY,
                account_id  TEXT NOT NULL,
                region      TEXT NOT NULL,
                identifier  TEXT NOT NULL,
                document    TEXT NOT NULL,
                UNIQUE (account_id, region, identifier));
            CREATE TABLE rds_resource_tags (
                resource_id TEXT PRIMARY KEY,
                document    TEXT NOT NULL);
            """),
    ];
}
