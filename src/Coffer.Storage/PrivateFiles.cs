namespace Coffer.Storage;

/// <summary>Files and directories only their owner can read: mode 0600 and 0700 from the moment they exist.</summary>
public static class PrivateFiles
{
    /// <summary>Creates <paramref name="path"/> and its missing parents with mode 0700; an existing directory is left as is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Options that create a file for writing with mode 0600 (no window in which it is readable by others).</summary>
    public static FileStreamOptions WriteOptions(FileMode mode, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
