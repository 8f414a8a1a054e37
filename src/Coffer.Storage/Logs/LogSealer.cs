using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Storage.Logs;

/// <summary>
/// Seals and opens the records of one volume's engine log files (<see cref="LogFileFormat"/>) with the volume's
/// engine-log key (HKDF from its data key), or writes them in clear, in the same format, for an unencrypted volume.
/// One lock serialises every write and read; the key is zeroed on dispose, after which every use throws
/// <see cref="ObjectDisposedException"/>. Remembers where each file it appended to ends and how many records it holds.
/// </summary>
internal sealed class LogSealer : IDisposable
{
    private readonly string _volumeId;
    private readonly byte[]? _key;
    private readonly AesGcm? _aes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileState> _files = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>A sealer for volume <paramref name="volumeId"/>; an empty <paramref name="key"/> switches the cipher off.</summary>
    public LogSealer(string volumeId, ReadOnlySpan<byte> key)
    {
        _volumeId = volumeId;
        if (!key.IsEmpty)
        {
            _key = GC.AllocateArray<byte>(32, pinned: true);
            key.CopyTo(_key);
            _aes = new AesGcm(_key, LogFileFormat.TagSize);
        }
    }

    private byte CipherId => _key is null ? LogFileFormat.CipherNone : LogFileFormat.CipherAesGcm;

    /// <summary>Appends one record to <paramref name="path"/> (named <paramref name="relativePath"/> under <c>logs/</c>), creating the file.</summary>
    public void Append(string path, string relativePath, DateTimeOffset time, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > LogFileFormat.MaxRecordLength)
        {
            var cut = Encoding.UTF8.GetBytes(" …[cut]");
            var keep = LogFileFormat.MaxRecordLength - cut.Length;
            while (keep > 0 && (bytes[keep] & 0xC0) == 0x80)
            {
                keep--;
            }

            bytes = [.. bytes.AsSpan(0, keep), .. cut];
        }

        var timeMs = time.ToUnixTimeMilliseconds();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var options = PrivateFiles.WriteOptions(FileMode.OpenOrCreate);
            options.Access = FileAccess.ReadWrite;
            using var stream = new FileStream(path, options);
            if (!_files.TryGetValue(path, out var state))
            {
                state = stream.Length == 0 ? NewFile(stream, timeMs) : Scan(stream, relativePath, CipherId);
                _files[path] = state;
            }

            var record = new byte[LogFileFormat.RecordHeaderSize + bytes.Length + LogFileFormat.TagSize];
            BinaryPrimitives.WriteInt32BigEndian(record, bytes.Length);
            BinaryPrimitives.WriteInt64BigEndian(record.AsSpan(4), timeMs);
            var nonce = record.AsSpan(12, LogFileFormat.NonceSize);
            var body = record.AsSpan(LogFileFormat.RecordHeaderSize, bytes.Length);
            var tag = record.AsSpan(LogFileFormat.RecordHeaderSize + bytes.Length);
            if (_aes is null)
            {
                bytes.CopyTo(body);
            }
            else
            {
                RandomNumberGenerator.Fill(nonce);
                var aad = LogFileFormat.AssociatedData(_volumeId, relativePath, state.FileId, state.Records, bytes.Length, timeMs);
                _aes.Encrypt(nonce, bytes, body, tag, aad);
                CryptographicOperations.ZeroMemory(bytes);
            }

            // A torn record at the end (a crash mid-append) is cut off before the next one goes after the last whole one.
            stream.SetLength(state.End);
            stream.Position = state.End;
            stream.Write(record);
            stream.Flush();
            _files[path] = state with { End = state.End + record.Length, Records = state.Records + 1 };
        }
    }

    /// <summary>Opens every whole record of <paramref name="path"/>; a torn last record (a crash mid-append) is left out.</summary>
    /// <exception cref="LogFileCorruptException">A record or the header does not authenticate.</exception>
    public IReadOnlyList<LogRecord> Read(string path, string relativePath)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var content = File.ReadAllBytes(path);
            if (!LogFileFormat.TryReadHeader(content, out var cipher, out _, out var fileId) || cipher != CipherId)
            {
                throw new LogFileCorruptException(relativePath, -1);
            }

            var records = new List<LogRecord>();
            var offset = LogFileFormat.HeaderSize;
            while (NextRecord(content, offset) is { } length)
            {
                var timeMs = BinaryPrimitives.ReadInt64BigEndian(content.AsSpan(offset + 4));
                var body = content.AsSpan(offset + LogFileFormat.RecordHeaderSize, length);
                var text = new byte[length];
                if (_aes is null)
                {
                    body.CopyTo(text);
                }
                else
                {
                    var aad = LogFileFormat.AssociatedData(_volumeId, relativePath, fileId, records.Count, length, timeMs);
                    try
                    {
                        _aes.Decrypt(content.AsSpan(offset + 12, LogFileFormat.NonceSize), body, content.AsSpan(offset + LogFileFormat.RecordHeaderSize + length, LogFileFormat.TagSize), text, aad);
                    }
                    catch (AuthenticationTagMismatchException)
                    {
                        throw new LogFileCorruptException(relativePath, records.Count);
                    }
                }

                records.Add(new LogRecord(DateTimeOffset.FromUnixTimeMilliseconds(timeMs), Encoding.UTF8.GetString(text)));
                offset += LogFileFormat.RecordHeaderSize + length + LogFileFormat.TagSize;
            }

            return records;
        }
    }

    /// <summary>Describes <paramref name="path"/> from its headers, without decrypting.</summary>
    public LogFileInfo Describe(string path, string name)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var state = Scan(stream, name, CipherId);
            return new LogFileInfo(name, DateTimeOffset.FromUnixTimeMilliseconds(state.LastWrittenMs), state.TextSize, state.Records);
        }
    }

    /// <summary>Forgets what it knows of the files under <paramref name="directory"/> (they are being deleted).</summary>
    public void Forget(string directory)
    {
        lock (_gate)
        {
            foreach (var path in _files.Keys.Where(p => p.StartsWith(directory, StringComparison.Ordinal)).ToList())
            {
                _files.Remove(path);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _aes?.Dispose();
            if (_key is not null)
            {
                CryptographicOperations.ZeroMemory(_key);
            }

            _files.Clear();
        }
    }

    /// <summary>The length of the whole record at <paramref name="offset"/>, or <see langword="null"/> at the end or a torn tail.</summary>
    private static int? NextRecord(ReadOnlySpan<byte> content, int offset)
    {
        if (content.Length - offset < LogFileFormat.RecordHeaderSize)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(content[offset..]);
        return length is < 0 or > LogFileFormat.MaxRecordLength || (long)content.Length - offset < (long)LogFileFormat.RecordHeaderSize + length + LogFileFormat.TagSize
            ? null
            : length;
    }

    private FileState NewFile(FileStream stream, long timeMs)
    {
        var fileId = RandomNumberGenerator.GetBytes(LogFileFormat.FileIdSize);
        Span<byte> header = stackalloc byte[LogFileFormat.HeaderSize];
        LogFileFormat.WriteHeader(header, CipherId, timeMs, fileId);
        stream.Position = 0;
        stream.Write(header);
        return new FileState(fileId, LogFileFormat.HeaderSize, 0, 0, timeMs);
    }

    private static FileState Scan(FileStream stream, string name, byte expectedCipher)
    {
        var header = new byte[LogFileFormat.HeaderSize];
        stream.Position = 0;
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length ||
            !LogFileFormat.TryReadHeader(header, out var cipher, out var createdMs, out var fileId) || cipher != expectedCipher)
        {
            throw new LogFileCorruptException(name, -1);
        }

        long offset = LogFileFormat.HeaderSize;
        long records = 0;
        long textSize = 0;
        var lastMs = createdMs;
        var recordHeader = new byte[LogFileFormat.RecordHeaderSize];
        while (true)
        {
            stream.Position = offset;
            if (stream.ReadAtLeast(recordHeader, recordHeader.Length, throwOnEndOfStream: false) < recordHeader.Length)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(recordHeader);
            var next = offset + LogFileFormat.RecordHeaderSize + length + LogFileFormat.TagSize;
            if (length is < 0 or > LogFileFormat.MaxRecordLength || next > stream.Length)
            {
                break;
            }

            lastMs = BinaryPrimitives.ReadInt64BigEndian(recordHeader.AsSpan(4));
            records++;
            textSize += length + 1;
            offset = next;
        }

        return new FileState(fileId, offset, records, textSize, lastMs);
    }

    /// <summary>What is known of one file: its id, where its last whole record ends, how many records, their text size, last time.</summary>
    private sealed record FileState(byte[] FileId, long End, long Records, long TextSize, long LastWrittenMs);
}
