using System.Text;

namespace Coffer.TestKit;

/// <summary>
/// The no-plaintext scan every test runs over a data directory. A file that disappears between listing and reading
/// (SQLite removes <c>-shm</c> and <c>-wal</c> files when a pooled connection closes in the background) held nothing
/// left to find, so it is skipped rather than failing the scan.
/// </summary>
public static class DiskScan
{
    /// <summary>Every file under <paramref name="directory"/> whose bytes contain the UTF-8 <paramref name="marker"/>.</summary>
    public static List<string> FilesContaining(string directory, string marker) => FilesContaining(directory, Encoding.UTF8.GetBytes(marker));

    /// <summary>Every file under <paramref name="directory"/> whose bytes contain any of <paramref name="needles"/>.</summary>
    public static List<string> FilesContaining(string directory, params byte[][] needles)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var content = TryReadAllBytes(file);
            if (content is not null && needles.Any(n => content.AsSpan().IndexOf(n) >= 0))
            {
                found.Add(file);
            }
        }

        return found;
    }

    /// <summary>The file's bytes, or null when it was removed after it was listed.</summary>
    public static byte[]? TryReadAllBytes(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
