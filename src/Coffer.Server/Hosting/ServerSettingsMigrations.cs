using Coffer.Storage.Metadata;

namespace Coffer.Server.Hosting;

/// <summary>The schema of the server's own settings. Released steps never change; add new ones.</summary>
internal static class ServerSettingsMigrations
{
    public const string Component = "server";

    public static IEnumerable<MetadataMigration> All { get; } =
    [
        new(Component, 1, "server settings", """
            CREATE TABLE settings (
                name  TEXT PRIMARY KEY,
                value TEXT NOT NULL);
            """),
    ];
}
