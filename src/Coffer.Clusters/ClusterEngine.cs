namespace Coffer.Clusters;

/// <summary>The one engine Coffer clusters run: SQLite, embedded, on Coffer's encrypted volumes.</summary>
public static class ClusterEngine
{
    /// <summary>The engine name clients pass and see.</summary>
    public const string Name = "sqlite";

    /// <summary>The SQLite version in use (what <c>EngineVersion</c> reports).</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.sqlite3_libversion().utf8_to_string();
    }
}
