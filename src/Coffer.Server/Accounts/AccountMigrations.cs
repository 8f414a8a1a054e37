using Coffer.Storage.Metadata;

namespace Coffer.Server.Accounts;

/// <summary>The schema of accounts, principals and access keys. Released steps never change; add new ones.</summary>
internal static class AccountMigrations
{
    public const string Component = "accounts";

    public static IEnumerable<MetadataMigration> All { get; } =
    [
        new(Component, 1, "accounts, principals and access keys", """
            CREATE TABLE accounts (
                account_id TEXT PRIMARY KEY,
                name       TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL);
            CREATE TABLE principals (
                user_id    TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts (account_id),
                user_name  TEXT NOT NULL,
                arn        TEXT NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (account_id, user_name));
            CREATE TABLE access_keys (
                access_key_id TEXT PRIMARY KEY,
                user_id       TEXT NOT NULL REFERENCES principals (user_id),
                secret_sealed BLOB NOT NULL,
                status        TEXT NOT NULL,
                created_at    TEXT NOT NULL);
            """),
    ];
}
