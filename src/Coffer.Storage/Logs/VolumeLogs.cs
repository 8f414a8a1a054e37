namespace Coffer.Storage.Logs;

/// <summary>
/// A volume's engine log files, under <c>&lt;volume&gt;/logs/</c>: append-only files of AES-256-GCM records under
/// a key derived (HKDF) from the volume's data key, or the same format in clear for an unencrypted volume (see
/// docs/dev/storage-format.md). Usable while the volume is open; once it is closed (its keys zeroed) every call
/// throws <see cref="ObjectDisposedException"/>. Names are relative paths with '/' separators whose segments use
/// letters, digits, '.', '-' and '_' only.
/// </summary>
public sealed class VolumeLogs
{
    /// <summary>The directory of the logs inside a volume's directory.</summary>
    public const string DirectoryName = "logs";

    private readonly LogSealer _sealer;

    internal VolumeLogs(string volumeDirectory, LogSealer sealer)
    {
        Root = Path.Combine(volumeDirectory, DirectoryName);
        _sealer = sealer;
    }

    /// <summary>The logs directory.</summary>
    public string Root { get; }

    /// <summary>Appends one record (a line of text, without its newline) to the file <paramref name="name"/>, creating it and its directories.</summary>
    public void Append(string name, DateTimeOffset time, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var path = PathOf(name);
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        _sealer.Append(path, name, time, text);
    }

    /// <summary>Every whole record of the file <paramref name="name"/>, opened and authenticated.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="LogFileCorruptException">The file does not authenticate.</exception>
    public IReadOnlyList<LogRecord> Read(string name) => _sealer.Read(PathOf(name), name);

    /// <summary>Whether the file <paramref name="name"/> exists.</summary>
    public bool Exists(string name) => IsValidName(name) && File.Exists(PathOf(name));

    /// <summary>The files under the directory <paramref name="directory"/> (names relative to it), from their headers.</summary>
    public IReadOnlyList<LogFileInfo> List(string directory)
    {
        var root = PathOf(directory);
        if (!System.IO.Directory.Exists(root))
        {
            return [];
        }

        var files = new List<LogFileInfo>();
        foreach (var path in System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            try
            {
                files.Add(_sealer.Describe(path, name));
            }
            catch (FileNotFoundException)
            {
                // Deleted while listed.
            }
        }

        return files;
    }

    /// <summary>Deletes the file <paramref name="name"/>, if it exists.</summary>
    public void DeleteFile(string name)
    {
        var path = PathOf(name);
        _sealer.Forget(path);
        File.Delete(path);
    }

    /// <summary>Deletes the directory <paramref name="directory"/> and its files.</summary>
    public void Delete(string directory)
    {
        var root = PathOf(directory);
        _sealer.Forget(root);
        DeleteDirectory(Path.GetDirectoryName(Root)!, directory);
    }

    /// <summary>Deletes a log directory of a volume that may be closed (no key is needed to delete).</summary>
    public static void DeleteDirectory(string volumeDirectory, string directory)
    {
        var root = Path.Combine(volumeDirectory, DirectoryName, Checked(directory).Replace('/', Path.DirectorySeparatorChar));
        if (System.IO.Directory.Exists(root))
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Whether <paramref name="name"/> is a valid relative log path.</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 512 &&
        name.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != ".." && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'));

    private string PathOf(string name) => Path.Combine(Root, Checked(name).Replace('/', Path.DirectorySeparatorChar));

    private static string Checked(string name) =>
        IsValidName(name) ? name : throw new ArgumentException($"'{name}' is not a valid engine log name.", nameof(name));
}
