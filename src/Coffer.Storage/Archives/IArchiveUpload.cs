namespace Coffer.Storage.Archives;

/// <summary>An object being written. Disposing it without <see cref="CommitAsync"/> discards it.</summary>
public interface IArchiveUpload : IAsyncDisposable
{
    /// <summary>The stream to write the object's bytes to.</summary>
    Stream Stream { get; }

    /// <summary>Makes the object durable and visible under its name, replacing nothing (the name must be new).</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
