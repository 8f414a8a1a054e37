namespace Coffer.Storage.Archives;

/// <summary>
/// Where archives and log segments live: the seam an S3-compatible store will implement later. Names are relative
/// paths of letters, digits, '.', '_', '-' and '/'. A new object becomes visible only when its upload is committed,
/// so a reader never sees a half-written archive.
/// </summary>
public interface IArchiveStore
{
    /// <summary>Starts writing a new object; nothing is visible under <paramref name="name"/> until it is committed.</summary>
    Task<IArchiveUpload> CreateAsync(string name, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading.</summary>
    /// <exception cref="ArchiveNotFoundException">There is no such object.</exception>
    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes an object; <see langword="false"/> when there was none.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>The objects whose names start with <paramref name="prefix"/>, in ordinal name order.</summary>
    IAsyncEnumerable<ArchiveEntry> ListAsync(string prefix, CancellationToken cancellationToken);
}
