using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Coffer.Storage.Archives;

/// <summary>
/// The default archive store: a directory under the data directory. Objects are written to a hidden partial file,
/// flushed to disk, then renamed into place, so a crash never leaves a half-written object under its name.
/// </summary>
public sealed partial class DirectoryArchiveStore : IArchiveStore
{
    private const string PartialPrefix = ".partial-";
    private readonly string _root;

    /// <summary>Uses (creating if needed, mode 0700) the directory <paramref name="root"/>.</summary>
    public DirectoryArchiveStore(string root)
    {
        _root = Path.GetFullPath(root);
        PrivateFiles.CreateDirectory(_root);
    }

    /// <summary>
    /// Removes the partial files of uploads a crash abandoned (never visible as objects). Call it at start, before any
    /// upload of this process begins; returns how many were removed.
    /// </summary>
    public int RemoveAbandonedUploads()
    {
        var removed = 0;
        foreach (var partial in Directory.EnumerateFiles(_root, PartialPrefix + "*", SearchOption.AllDirectories))
        {
            File.Delete(partial);
            removed++;
        }

        return removed;
    }

    /// <inheritdoc />
    public Task<IArchiveUpload> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (File.Exists(path))
        {
            throw new IOException($"An archive object named '{name}' already exists.");
        }

        PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = Path.Combine(Path.GetDirectoryName(path)!, PartialPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        return Task.FromResult<IArchiveUpload>(new Upload(new FileStream(partial, PrivateFiles.WriteOptions(FileMode.CreateNew, 0)), partial, path));
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArchiveNotFoundException(name);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArchiveEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var entries = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith(PartialPrefix, StringComparison.Ordinal))
            .Select(f => (Name: Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'), File: new FileInfo(f)))
            .Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var (name, file) in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ArchiveEntry(name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        }

        await Task.CompletedTask;
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")]
    private static partial Regex NamePattern();

    private string PathOf(string name)
    {
        if (name.Length > 512 || !NamePattern().IsMatch(name) || name.Split('/').Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"'{name}' is not a valid archive object name.", nameof(name));
        }

        return Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar));
    }

    private sealed class Upload(FileStream stream, string partialPath, string finalPath) : IArchiveUpload
    {
        private bool _committed;

        public Stream Stream => stream;

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync();
            File.Move(partialPath, finalPath, overwrite: false);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (!_committed && File.Exists(partialPath))
            {
                File.Delete(partialPath);
            }
        }
    }
}
