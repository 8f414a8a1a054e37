using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Coffer.Storage.ChangeLog;

/// <summary>
/// The open segment's file: records are buffered and written at the append position, and the file is kept zero-filled
/// some way past that position, so that making a commit durable flushes data only (<c>fdatasync</c>): appending to a
/// file would change its size at every commit and make every sync a journal commit of the file system's metadata.
/// Zero bytes past the data read as the end of the segment. Closing cuts the zero tail.
/// </summary>
internal sealed partial class SegmentFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly SafeFileHandle _handle;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly long _extendBytes;
    private int _buffered;
    private long _flushed;
    private long _allocated;
    private bool _sizeChanged;

    private SegmentFile(FileStream stream, long extendBytes)
    {
        _stream = stream;
        _handle = stream.SafeFileHandle;
        _extendBytes = extendBytes;
    }

    /// <summary>Where the next byte goes (buffered bytes included).</summary>
    public long Position => _flushed + _buffered;

    /// <summary>Creates a new segment file (mode 0600) that must not exist; it is zero-filled <paramref name="extendBytes"/> at a time.</summary>
    public static SegmentFile Create(string path, long extendBytes)
    {
        var options = PrivateFiles.WriteOptions(FileMode.CreateNew, bufferSize: 0);
        options.Access = FileAccess.ReadWrite;
        options.Share = FileShare.Read | FileShare.Delete;
        return new SegmentFile(new FileStream(path, options), extendBytes);
    }

    /// <summary>Appends bytes (buffered).</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var take = Math.Min(bytes.Length, _buffer.Length - _buffered);
            bytes[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            bytes = bytes[take..];
            if (_buffered == _buffer.Length)
            {
                Flush();
            }
        }
    }

    /// <summary>Hands the buffered bytes to the OS, zero-filling ahead of them first when they would pass the filled region.</summary>
    public void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        var end = _flushed + _buffered;
        if (end > _allocated)
        {
            ZeroFill(Math.Max(end, _allocated + _extendBytes));
        }

        RandomAccess.Write(_handle, _buffer.AsSpan(0, _buffered), _flushed);
        _flushed = end;
        _buffered = 0;
    }

    /// <summary>Makes everything written durable: data only, unless the file grew since the last sync.</summary>
    public void Sync()
    {
        Flush();
        var rc = _sizeChanged || !OperatingSystem.IsLinux() ? Fsync(_handle) : Fdatasync(_handle);
        if (rc != 0)
        {
            throw new IOException($"Syncing the change log segment failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        _sizeChanged = false;
    }

    /// <summary>Cuts the file at <paramref name="length"/> (dropping buffered bytes past it) and continues writing there.</summary>
    public void CutAt(long length)
    {
        _buffered = 0;
        RandomAccess.SetLength(_handle, length);
        _flushed = length;
        _allocated = length;
        _sizeChanged = true;
    }

    /// <summary>Ends the file at the append position (no zero tail) and makes it durable.</summary>
    public void Close()
    {
        Flush();
        RandomAccess.SetLength(_handle, Position);
        _allocated = Position;
        _sizeChanged = true;
        Sync();
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private void ZeroFill(long to)
    {
        var zeros = new byte[64 * 1024];
        for (var at = _allocated; at < to; at += zeros.Length)
        {
            RandomAccess.Write(_handle, zeros.AsSpan(0, (int)Math.Min(zeros.Length, to - at)), at);
        }

        _allocated = to;
        _sizeChanged = true;
    }

    private static int Fsync(SafeFileHandle handle) => FsyncNative((int)handle.DangerousGetHandle());

    private static int Fdatasync(SafeFileHandle handle) => FdatasyncNative((int)handle.DangerousGetHandle());

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FdatasyncNative(int fd);
}
