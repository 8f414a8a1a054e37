using Coffer.Storage.Archives;

namespace Coffer.Clusters.Tests;

/// <summary>A directory archive store whose new uploads can be held back, so a copy can be caught while it is <c>copying</c>.</summary>
internal sealed class GatedArchiveStore(string root) : IArchiveStore
{
    private readonly DirectoryArchiveStore _inner = new(root);
    private TaskCompletionSource _open = Opened();

    /// <summary>Holds every new upload until <see cref="Release"/>.</summary>
    public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets held uploads go on.</summary>
    public void Release() => _open.TrySetResult();

    public async Task<IArchiveUpload> CreateAsync(string name, CancellationToken cancellationToken)
    {
        await _open.Task.WaitAsync(cancellationToken);
        return await _inner.CreateAsync(name, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) => _inner.OpenReadAsync(name, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => _inner.DeleteAsync(name, cancellationToken);

    public IAsyncEnumerable<ArchiveEntry> ListAsync(string prefix, CancellationToken cancellationToken) => _inner.ListAsync(prefix, cancellationToken);

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
