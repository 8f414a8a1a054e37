using System.Buffers.Binary;
using System.Text;

namespace Coffer.Storage.Logs;

/// <summary>
/// The on-disk format of an engine log file (see docs/dev/storage-format.md, "Engine logs"). A 32-byte header —
/// magic <c>CLOG</c>, version 1, cipher (0 none, 1 AES-256-GCM), two zero bytes, creation time (Unix milliseconds,
/// big-endian), a random 16-byte file id — then records: plaintext length (u32 BE), time (Unix ms, i64 BE), nonce
/// (12), body (length bytes: ciphertext, or the text itself with the cipher off), tag (16). The associated data of a
/// record binds the volume id, the file's path under <c>logs/</c>, the file id, the record number and the record's
/// length and time, so a record cannot be moved, reordered, replayed into another file or retimed without failing.
/// </summary>
internal static class LogFileFormat
{
    public const int HeaderSize = 32;
    public const int RecordHeaderSize = 24;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int FileIdSize = 16;
    public const byte Version = 1;
    public const byte CipherNone = 0;
    public const byte CipherAesGcm = 1;

    /// <summary>The longest record body: longer texts are cut (and say so) before they are sealed.</summary>
    public const int MaxRecordLength = 64 * 1024;

    public static ReadOnlySpan<byte> Magic => "CLOG"u8;

    private static ReadOnlySpan<byte> AadLabel => "coffer-engine-log/v1\0"u8;

    public static void WriteHeader(Span<byte> header, byte cipher, long createdMs, ReadOnlySpan<byte> fileId)
    {
        header.Clear();
        Magic.CopyTo(header);
        header[4] = Version;
        header[5] = cipher;
        BinaryPrimitives.WriteInt64BigEndian(header[8..], createdMs);
        fileId.CopyTo(header[16..]);
    }

    public static bool TryReadHeader(ReadOnlySpan<byte> header, out byte cipher, out long createdMs, out byte[] fileId)
    {
        cipher = 0;
        createdMs = 0;
        fileId = [];
        if (header.Length < HeaderSize || !header[..4].SequenceEqual(Magic) || header[4] != Version || header[5] > CipherAesGcm || header[6] != 0 || header[7] != 0)
        {
            return false;
        }

        cipher = header[5];
        createdMs = BinaryPrimitives.ReadInt64BigEndian(header[8..]);
        fileId = header.Slice(16, FileIdSize).ToArray();
        return true;
    }

    public static byte[] AssociatedData(string volumeId, string relativePath, ReadOnlySpan<byte> fileId, long recordNumber, int length, long timeMs)
    {
        var volume = Encoding.UTF8.GetBytes(volumeId);
        var path = Encoding.UTF8.GetBytes(relativePath);
        var aad = new byte[AadLabel.Length + volume.Length + 1 + path.Length + 1 + FileIdSize + 8 + 4 + 8];
        var span = aad.AsSpan();
        AadLabel.CopyTo(span);
        span = span[AadLabel.Length..];
        volume.CopyTo(span);
        span = span[(volume.Length + 1)..];
        path.CopyTo(span);
        span = span[(path.Length + 1)..];
        fileId.CopyTo(span);
        span = span[FileIdSize..];
        BinaryPrimitives.WriteInt64BigEndian(span, recordNumber);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], length);
        BinaryPrimitives.WriteInt64BigEndian(span[12..], timeMs);
        return aad;
    }
}
