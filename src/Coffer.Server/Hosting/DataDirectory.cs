namespace Coffer.Server.Hosting;

/// <summary>The names of the data directory, its root key file and their environment variables.</summary>
internal static class DataDirectory
{
    /// <summary>The environment variable that overrides the data directory.</summary>
    public const string EnvironmentVariable = "COFFER_DATA_DIR";

    /// <summary>The environment variable that names the root key file.</summary>
    public const string RootKeyEnvironmentVariable = "COFFER_ROOT_KEY_FILE";

    /// <summary>The root key file's name when it lives in the data directory.</summary>
    public const string DefaultRootKeyFileName = "root.key";
}
