using Coffer.Storage.Metadata;

namespace Coffer.Keys.Store;

/// <summary>The key service's schema in the metadata store. Released steps never change; add new ones.</summary>
public static class KeyMigrations
{
    /// <summary>The component name in the migration ledger.</summary>
    public const string Component = "keys";

    /// <summary>Every step.</summary>
    public static IEnumerable<MetadataMigration> All { get; } =
    [
        new(Component, 1, "keys, key material, aliases, grants and tags", """
            CREATE TABLE kms_keys (
                key_id               TEXT PRIMARY KEY,
                account_id           TEXT NOT NULL,
                region               TEXT NOT NULL,
                description          TEXT NOT NULL,
                state                TEXT NOT NULL,
                key_manager          TEXT NOT NULL,
                created_at           INTEGER NOT NULL,
                deletion_date        INTEGER,
                pending_window_days  INTEGER,
                policy               TEXT NOT NULL,
                rotation_enabled     INTEGER NOT NULL,
                rotation_period_days INTEGER NOT NULL,
                next_rotation_at     INTEGER,
                on_demand_rotations  INTEGER NOT NULL,
                current_material     TEXT NOT NULL,
                managed_alias        TEXT);
            CREATE INDEX kms_keys_by_account ON kms_keys (account_id, region);
            CREATE TABLE kms_key_materials (
                key_id        TEXT NOT NULL REFERENCES kms_keys (key_id),
                material_id   TEXT NOT NULL,
                wrapped       BLOB NOT NULL,
                root_key      TEXT NOT NULL,
                created_at    INTEGER NOT NULL,
                rotation_type TEXT,
                PRIMARY KEY (key_id, material_id));
            CREATE TABLE kms_aliases (
                account_id    TEXT NOT NULL,
                region        TEXT NOT NULL,
                alias_name    TEXT NOT NULL,
                target_key_id TEXT NOT NULL REFERENCES kms_keys (key_id),
                created_at    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL,
                PRIMARY KEY (account_id, region, alias_name));
            CREATE TABLE kms_grants (
                grant_id        TEXT PRIMARY KEY,
                key_id          TEXT NOT NULL REFERENCES kms_keys (key_id),
                name            TEXT,
                grantee         TEXT NOT NULL,
                retiring        TEXT,
                operations      TEXT NOT NULL,
                constraints     TEXT,
                issuing_account TEXT NOT NULL,
                created_at      INTEGER NOT NULL,
                secret          BLOB NOT NULL);
            CREATE INDEX kms_grants_by_key ON kms_grants (key_id);
            CREATE TABLE kms_tags (
                key_id    TEXT NOT NULL REFERENCES kms_keys (key_id),
                tag_key   TEXT NOT NULL,
                tag_value TEXT NOT NULL,
                PRIMARY KEY (key_id, tag_key));
            """),
    ];
}
