using Coffer.Storage.Metadata;

namespace Coffer.Data.Secrets;

/// <summary>The Secrets Manager schema in the metadata store. Released steps never change; add new ones.</summary>
public static class SecretMigrations
{
    /// <summary>The component name in the migration ledger.</summary>
    public const string Component = "secrets";

    /// <summary>Every step.</summary>
    public static IEnumerable<MetadataMigration> All { get; } =
    [
        new(Component, 1, "Secrets", """
            CREATE TABLE secrets (
                arn         TEXT PRIMARY KEY,
                account_id  TEXT NOT NULL,
                region      TEXT NOT NULL,
                name        TEXT NOT NULL,
                document    TEXT NOT NULL,
                UNIQUE (account_id, region, name));
            """),
    ];
}
