namespace Coffer.Server.Hosting;

/// <summary>Resolving and creating the data directory.</summary>
internal static class DataDirectory
{
    /// <summary>The environment variable that overrides the data directory.</summary>
    public const string EnvironmentVariable = "COFFER_DATA_DIR";

    /// <summary>The environment variable that names the root key file.</summary>
    public const string RootKeyEnvironmentVariable = "COFFER_ROOT_KEY_FILE";

    /// <summary>The root key file's name when it lives in the data directory.</summary>
    public const string DefaultRootKeyFileName = "root.key";

    /// <summary>Creates <paramref name="path"/> (and parents) if missing; new folders get mode 0700.</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
