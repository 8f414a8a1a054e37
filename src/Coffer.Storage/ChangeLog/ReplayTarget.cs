using Coffer.Storage.Vfs;

namespace Coffer.Storage.ChangeLog;

/// <summary>
/// The database file of a volume being restored, written page by page as transactions are replayed into it: each page
/// encrypted under the new volume's cipher (bound to its page number), and the file cut to the last transaction's
/// database size at the end.
/// </summary>
internal sealed class ReplayTarget : IDisposable
{
    private readonly FileStream _file;
    private readonly VolumeCipher _cipher;
    private readonly byte[] _sealed = new byte[PageCipher.PageSize];
    private readonly byte[] _aad = new byte[5];
    private long _pages;

    public ReplayTarget(string databasePath, VolumeCipher cipher)
    {
        _file = new FileStream(databasePath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _cipher = cipher;
        _pages = _file.Length / PageCipher.PageSize;
    }

    /// <summary>The last transaction applied.</summary>
    public long LastLsn { get; private set; }

    /// <summary>Writes one page image.</summary>
    public void Apply(uint pageNumber, ReadOnlySpan<byte> page)
    {
        if (pageNumber == 0 || (pageNumber == 1 && !DatabaseFileState.HasCofferLayout(page)))
        {
            throw new ChangeLogCorruptException($"The change log holds an invalid image of page {pageNumber}.");
        }

        _file.Position = (pageNumber - 1L) * PageCipher.PageSize;
        if (_cipher.Pages is { } pages)
        {
            pages.Encrypt(page, _sealed, DatabaseFileState.AssociatedData(pageNumber, _aad));
            _file.Write(_sealed);
        }
        else
        {
            _file.Write(page);
        }
    }

    /// <summary>Ends a transaction: the database now has <paramref name="databasePages"/> pages.</summary>
    public void Commit(long lsn, uint databasePages)
    {
        LastLsn = lsn;
        _pages = databasePages;
    }

    /// <summary>Cuts the file to the database size and makes it durable.</summary>
    public void Complete()
    {
        _file.SetLength(_pages * PageCipher.PageSize);
        _file.Flush(flushToDisk: true);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
