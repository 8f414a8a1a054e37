using Coffer.Storage.Archives;

namespace Coffer.Storage.ChangeLog;

/// <summary>Reads an archive's content as a byte stream of exact-length reads, across chunk boundaries.</summary>
internal sealed class ArchiveContentReader(ArchiveReader reader, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<ReadOnlyMemory<byte>> _chunks = reader.ReadContentAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    private ReadOnlyMemory<byte> _current;

    /// <summary>Fills <paramref name="buffer"/>; <see langword="false"/> when the content ended exactly before it.</summary>
    /// <exception cref="ArchiveCorruptException">The content ends partway through <paramref name="buffer"/>.</exception>
    public async Task<bool> TryReadExactlyAsync(Memory<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            if (_current.IsEmpty)
            {
                if (!await _chunks.MoveNextAsync())
                {
                    return filled == 0 ? false : throw new ArchiveCorruptException($"Archive {reader.Header.ArchiveId} ends partway through a record.");
                }

                _current = _chunks.Current;
                continue;
            }

            var take = Math.Min(_current.Length, buffer.Length - filled);
            _current.Span[..take].CopyTo(buffer.Span[filled..]);
            _current = _current[take..];
            filled += take;
        }

        return true;
    }

    /// <summary>Reads the rest of the content, which must be empty, so that the manifest is verified.</summary>
    public async Task EndAsync()
    {
        if (!_current.IsEmpty || await TryReadExactlyAsync(new byte[1]))
        {
            throw new ArchiveCorruptException($"Archive {reader.Header.ArchiveId} has content after its last transaction.");
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _chunks.DisposeAsync();
}
