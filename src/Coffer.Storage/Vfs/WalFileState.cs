using System.Buffers.Binary;
using Coffer.Storage.Vfs.Native;

namespace Coffer.Storage.Vfs;

/// <summary>
/// A volume's write-ahead log. The 32-byte WAL header stays plain (magic, version, page size, checkpoint sequence,
/// salts: no data). Each frame is a 24-byte header and a page image: the page is AES-256-GCM encrypted with
/// associated data <c>'W' ‖ page number ‖ commit field ‖ salt-1 ‖ salt-2 ‖ frame offset</c> (see <see cref="TryAssociatedData"/>), and the header's two
/// checksum words (computed by SQLite over the plaintext) are masked (see <see cref="WalChecksumMasker"/>).
/// <para>
/// SQLite writes a frame as its header then its page; the header is kept until the page arrives, or read back from
/// disk when SQLite rewrites only headers. Reads of any range decrypt the whole frames it touches. During recovery
/// SQLite reads whole frames and stops at the first invalid one; a frame that fails authentication is returned as
/// zeros so that recovery stops there too — a torn tail after a crash is the end of the log, as in plain SQLite.
/// </para>
/// </summary>
internal sealed unsafe class WalFileState(VolumeCipher volume, SqliteFile* real, string path) : VfsFileState(volume, real, path)
{
    private const int HeaderSize = 32;
    private const int FrameHeaderSize = 24;
    private const int PageSize = PageCipher.PageSize;
    private const int FrameSize = FrameHeaderSize + PageSize;

    private readonly byte[] _frame = GC.AllocateArray<byte>(FrameSize, pinned: true);
    private readonly byte[] _plain = GC.AllocateArray<byte>(FrameSize, pinned: true);
    private readonly byte[] _pendingHeader = new byte[FrameHeaderSize];
    private readonly WalChecksumMasker? _masker = volume.CreateChecksumMasker();
    private long _pendingHeaderOffset = -1;

    /// <inheritdoc />
    public override void Dispose()
    {
        _masker?.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    public override int Read(byte* buffer, int amount, long offset)
    {
        var cipher = Volume.Pages;
        if (cipher is null || offset + amount <= HeaderSize)
        {
            return RealRead(buffer, amount, offset);
        }

        var end = offset + amount;
        var output = new Span<byte>(buffer, amount);
        var shortRead = false;
        if (offset < HeaderSize)
        {
            var rc = RealRead(buffer, (int)(HeaderSize - offset), offset);
            if (rc != SqliteNative.Ok)
            {
                return rc;
            }
        }

        var first = Math.Max(offset, HeaderSize);
        Span<byte> aad = stackalloc byte[25];
        for (var frameOffset = FrameStart(first); frameOffset < end; frameOffset += FrameSize)
        {
            var from = Math.Max(first, frameOffset);
            var to = Math.Min(end, frameOffset + FrameSize);
            var destination = output.Slice((int)(from - offset), (int)(to - from));
            int rc;
            fixed (byte* frame = _frame)
            {
                rc = RealRead(frame, FrameSize, frameOffset);
            }

            if (rc == SqliteNative.IoErrShortRead)
            {
                // A frame past the end, or cut short by a crash: SQLite treats a short frame as the end of the log.
                destination.Clear();
                shortRead = true;
                continue;
            }

            if (rc != SqliteNative.Ok)
            {
                return rc;
            }

            var header = _plain.AsSpan(0, FrameHeaderSize);
            _frame.AsSpan(0, FrameHeaderSize).CopyTo(header);
            if (from < frameOffset + FrameHeaderSize)
            {
                // Only reads that return the header need its checksums in clear; a page read needs just the AAD fields.
                Mask(header[16..], frameOffset, header[8..16]);
            }
            if (!TryAssociatedData(header, frameOffset, aad) ||
                !cipher.TryDecrypt(_frame.AsSpan(FrameHeaderSize), _plain.AsSpan(FrameHeaderSize), aad))
            {
                var pageNumber = BinaryPrimitives.ReadUInt32BigEndian(header);
                if (from == frameOffset && to == frameOffset + FrameSize)
                {
                    // A whole-frame read is recovery scanning the log: make this frame invalid so that the log ends here.
                    Volume.RecordFault(new VolumeFault(Path, pageNumber, frameOffset));
                    destination.Clear();
                    continue;
                }

                Volume.RecordFault(new VolumeFault(Path, pageNumber, frameOffset));
                return SqliteNative.IoErrData;
            }

            _plain.AsSpan((int)(from - frameOffset), destination.Length).CopyTo(destination);
        }

        return shortRead ? SqliteNative.IoErrShortRead : SqliteNative.Ok;
    }

    /// <inheritdoc />
    public override int Write(byte* buffer, int amount, long offset)
    {
        var cipher = Volume.Pages;
        if (offset < HeaderSize)
        {
            // The WAL header: plain.
            return offset + amount <= HeaderSize ? RealWrite(buffer, amount, offset) : SqliteNative.IoErrWrite;
        }

        if (cipher is null && Volume.Log is null)
        {
            return RealWrite(buffer, amount, offset);
        }

        var inFrame = (offset - HeaderSize) % FrameSize;
        var data = new ReadOnlySpan<byte>(buffer, amount);
        if (inFrame == 0 && amount is FrameHeaderSize or FrameSize)
        {
            var rc = WriteFrameHeader(data[..FrameHeaderSize], offset);
            return rc != SqliteNative.Ok || amount == FrameHeaderSize ? rc : WritePage(cipher, data[FrameHeaderSize..], offset + FrameHeaderSize);
        }

        if (inFrame == FrameHeaderSize && amount == PageSize)
        {
            return WritePage(cipher, data, offset);
        }

        return SqliteNative.IoErrWrite;
    }

    /// <summary>
    /// Syncs the volume's change log alongside the WAL, so that a commit the WAL makes durable is durable in the log
    /// too, and the commit waits for the slower of the two flushes, not both in turn.
    /// </summary>
    public override int Sync(int flags) => Volume.Log is { } log ? log.SyncWith(() => base.Sync(flags)) : base.Sync(flags);

    private int WriteFrameHeader(ReadOnlySpan<byte> header, long frameOffset)
    {
        header.CopyTo(_pendingHeader);
        _pendingHeaderOffset = frameOffset;
        Span<byte> masked = stackalloc byte[FrameHeaderSize];
        header.CopyTo(masked);
        Mask(masked[16..], frameOffset, masked[8..16]);
        fixed (byte* pointer = masked)
        {
            return RealWrite(pointer, FrameHeaderSize, frameOffset);
        }
    }

    private int WritePage(PageCipher? cipher, ReadOnlySpan<byte> page, long pageOffset)
    {
        var frameOffset = pageOffset - FrameHeaderSize;
        Span<byte> header = stackalloc byte[FrameHeaderSize];
        if (_pendingHeaderOffset == frameOffset)
        {
            _pendingHeader.CopyTo(header);
        }
        else
        {
            int rc;
            fixed (byte* pointer = header)
            {
                rc = RealRead(pointer, FrameHeaderSize, frameOffset);
            }

            if (rc != SqliteNative.Ok)
            {
                return SqliteNative.IoErrWrite;
            }

            Mask(header[16..], frameOffset, header[8..16]);
        }

        Span<byte> aad = stackalloc byte[25];
        if (!TryAssociatedData(header, frameOffset, aad))
        {
            return SqliteNative.IoErrWrite;
        }

        var written = page;
        if (cipher is not null)
        {
            cipher.Encrypt(page, _frame.AsSpan(0, PageSize), aad);
            written = _frame.AsSpan(0, PageSize);
        }

        int writeRc;
        fixed (byte* pointer = written)
        {
            writeRc = RealWrite(pointer, PageSize, pageOffset);
        }

        if (writeRc != SqliteNative.Ok || Volume.Log is not { } log)
        {
            return writeRc;
        }

        // The log keeps the page exactly as the WAL holds it (encrypted under the volume's key), with the fields its
        // associated data binds: no second encryption on the commit path.
        var frame = new ChangeLog.LoggedFrame(
            frameOffset, BinaryPrimitives.ReadUInt32BigEndian(header), BinaryPrimitives.ReadUInt32BigEndian(header[4..]), BinaryPrimitives.ReadUInt64BigEndian(aad[9..]));
        return log.TryAppend(frame, written) ? SqliteNative.Ok : SqliteNative.IoErrWrite;
    }

    /// <summary>The associated data of a logged frame's page, as <see cref="TryAssociatedData"/> built it when the frame was written.</summary>
    public static void AssociatedData(in ChangeLog.LoggedFrame frame, Span<byte> aad)
    {
        aad[0] = (byte)'W';
        BinaryPrimitives.WriteUInt32BigEndian(aad[1..], frame.PageNumber);
        BinaryPrimitives.WriteUInt32BigEndian(aad[5..], frame.Commit);
        BinaryPrimitives.WriteUInt64BigEndian(aad[9..], frame.Salts);
        BinaryPrimitives.WriteInt64BigEndian(aad[17..], frame.FrameOffset);
    }

    private void Mask(Span<byte> checksum, long frameOffset, ReadOnlySpan<byte> salts) => _masker?.Apply(checksum, frameOffset, salts);

    private static long FrameStart(long offset) => HeaderSize + ((offset - HeaderSize) / FrameSize * FrameSize);

    /// <summary>
    /// The associated data of a frame's page: <c>'W' ‖ page number ‖ commit field ‖ salt-1 ‖ salt-2 ‖ frame offset</c>.
    /// The salts are the frame header's, except while SQLite has left them zero: when a transaction larger than the
    /// page cache rewrites one of its own frames, SQLite writes the later headers with zero salts and checksums and
    /// fills them in at commit. Those frames are bound to the WAL header's salts — the values their headers will carry.
    /// </summary>
    private bool TryAssociatedData(ReadOnlySpan<byte> frameHeader, long frameOffset, Span<byte> aad)
    {
        aad[0] = (byte)'W';
        frameHeader[..8].CopyTo(aad[1..]);
        var salts = frameHeader[8..16];
        if (IsAllZero(salts))
        {
            int rc;
            fixed (byte* pointer = aad.Slice(9, 8))
            {
                rc = RealRead(pointer, 8, 16);
            }

            if (rc != SqliteNative.Ok)
            {
                return false;
            }
        }
        else
        {
            salts.CopyTo(aad[9..]);
        }

        BinaryPrimitives.WriteInt64BigEndian(aad[17..], frameOffset);
        return true;
    }
}
