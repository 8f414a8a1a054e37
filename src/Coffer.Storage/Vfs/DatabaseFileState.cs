using System.Buffers.Binary;
using Coffer.Storage.Vfs.Native;

namespace Coffer.Storage.Vfs;

/// <summary>
/// A volume's main database file: every page, page 1 included, is AES-256-GCM encrypted whole, bound to its page
/// number (associated data <c>'D' ‖ page number</c>). Sub-page reads decrypt the whole page and copy out the part
/// asked for. Writes must be whole, aligned pages, and page 1 must declare Coffer's page size and reserve.
/// </summary>
internal sealed unsafe class DatabaseFileState(VolumeCipher volume, SqliteFile* real, string path) : VfsFileState(volume, real, path)
{
    private const int PageSize = PageCipher.PageSize;
    private readonly byte[] _raw = GC.AllocateArray<byte>(PageSize, pinned: true);
    private readonly byte[] _plain = GC.AllocateArray<byte>(PageSize, pinned: true);

    /// <inheritdoc />
    public override int Read(byte* buffer, int amount, long offset)
    {
        var cipher = Volume.Pages;
        if (cipher is null)
        {
            return RealRead(buffer, amount, offset);
        }

        var end = offset + amount;
        var shortRead = false;
        var output = new Span<byte>(buffer, amount);
        Span<byte> aad = stackalloc byte[5];
        for (var pageOffset = offset / PageSize * PageSize; pageOffset < end; pageOffset += PageSize)
        {
            var from = Math.Max(offset, pageOffset);
            var to = Math.Min(end, pageOffset + PageSize);
            var destination = output.Slice((int)(from - offset), (int)(to - from));
            int rc;
            fixed (byte* raw = _raw)
            {
                rc = RealRead(raw, PageSize, pageOffset);
            }

            if (rc == SqliteNative.IoErrShortRead && IsAllZero(_raw))
            {
                // Past the end of the file: SQLite expects zeros and a short read.
                destination.Clear();
                shortRead = true;
                continue;
            }

            if (rc != SqliteNative.Ok && rc != SqliteNative.IoErrShortRead)
            {
                return rc;
            }

            var pageNumber = (pageOffset / PageSize) + 1;
            var whole = from == pageOffset && to == pageOffset + PageSize;
            var plain = whole ? new Span<byte>(buffer + (from - offset), PageSize) : _plain.AsSpan();
            if (rc == SqliteNative.IoErrShortRead || IsAllZero(_raw) || !cipher.TryDecrypt(_raw, plain, AssociatedData(pageNumber, aad)))
            {
                Volume.RecordFault(new VolumeFault(Path, pageNumber, pageOffset));
                return SqliteNative.IoErrData;
            }

            if (!whole)
            {
                _plain.AsSpan((int)(from - pageOffset), destination.Length).CopyTo(destination);
            }
        }

        return shortRead ? SqliteNative.IoErrShortRead : SqliteNative.Ok;
    }

    /// <inheritdoc />
    public override int Write(byte* buffer, int amount, long offset)
    {
        if (amount != PageSize || offset % PageSize != 0)
        {
            return SqliteNative.IoErrWrite;
        }

        var page = new ReadOnlySpan<byte>(buffer, PageSize);
        if (offset == 0 && !HasCofferLayout(page))
        {
            // A database without the reserved bytes would have nowhere to keep nonces and tags: fail loudly.
            return SqliteNative.IoErrWrite;
        }

        var cipher = Volume.Pages;
        if (cipher is null)
        {
            return RealWrite(buffer, amount, offset);
        }

        cipher.Encrypt(page, _raw, AssociatedData((offset / PageSize) + 1, stackalloc byte[5]));
        fixed (byte* raw = _raw)
        {
            return RealWrite(raw, PageSize, offset);
        }
    }

    /// <summary>Page 1's header must say: page size 4096, <see cref="PageCipher.ReservedBytes"/> reserved bytes per page.</summary>
    internal static bool HasCofferLayout(ReadOnlySpan<byte> page1) =>
        BinaryPrimitives.ReadUInt16BigEndian(page1[16..]) == PageSize && page1[20] == PageCipher.ReservedBytes;

    /// <summary>The associated data of database page <paramref name="pageNumber"/>: <c>'D' ‖ page number</c>.</summary>
    internal static ReadOnlySpan<byte> AssociatedData(long pageNumber, Span<byte> buffer)
    {
        buffer[0] = (byte)'D';
        BinaryPrimitives.WriteUInt32BigEndian(buffer[1..], checked((uint)pageNumber));
        return buffer;
    }
}
