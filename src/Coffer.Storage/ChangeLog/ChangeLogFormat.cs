using System.Buffers.Binary;
using System.Text;

namespace Coffer.Storage.ChangeLog;

/// <summary>
/// The local change log segment format, version 1 (see docs/dev/storage-format.md). All integers big-endian.
/// <code>
/// header  "COFFLOG1" ‖ version (2) ‖ flags (1: bit 0 encrypted) ‖ first LSN (8) ‖ created µs (8)
///         ‖ previous commit: salts (8) ‖ frame offset (8) ‖ time µs (8) ‖ id length (1) ‖ volume id ‖ MAC (16)
/// frame   "FRM1" ‖ frame offset (8) ‖ page number (4) ‖ commit field (4) ‖ salts (8) ‖ page (4096)
/// commit  "CMT1" ‖ LSN (8) ‖ time µs (8) ‖ first frame offset (8) ‖ commit frame offset (8) ‖ pages (4) ‖ salts (8) ‖ MAC (16)
/// end     "END1" ‖ last LSN (8) ‖ MAC (16)
/// </code>
/// The page is the WAL's own page image: AES-256-GCM under the volume's page key, bound by its associated data to the
/// fields before it. Each transaction's MAC is HMAC-SHA256 (the volume's change-log key; SHA-256 for unencrypted
/// volumes) over the previous MAC, each frame record's fields and page tag (the whole page when unencrypted), and the
/// commit record's fields, truncated to 16 bytes: a chain from the header's MAC to the end record.
/// </summary>
internal static class ChangeLogFormat
{
    public const ushort Version = 1;
    public const int PageSize = Vfs.PageCipher.PageSize;
    public const int MacSize = 16;
    public const int TagSize = 4;
    public const int FrameFieldsSize = TagSize + 8 + 4 + 4 + 8;
    public const int FrameRecordSize = FrameFieldsSize + PageSize;
    public const int CommitFieldsSize = TagSize + 8 + 8 + 8 + 8 + 4 + 8;
    public const int CommitRecordSize = CommitFieldsSize + MacSize;
    public const int EndFieldsSize = TagSize + 8;
    public const int EndRecordSize = EndFieldsSize + MacSize;
    public const int WalHeaderSize = 32;
    public const int WalFrameSize = 24 + PageSize;
    public const string SegmentExtension = ".seg";
    public const string DirectoryName = "changelog";

    public static ReadOnlySpan<byte> Magic => "COFFLOG1"u8;

    public static ReadOnlySpan<byte> FrameTag => "FRM1"u8;

    public static ReadOnlySpan<byte> CommitTag => "CMT1"u8;

    public static ReadOnlySpan<byte> EndTag => "END1"u8;

    /// <summary>The segment file name for a segment starting at <paramref name="firstLsn"/>: sorts in LSN order.</summary>
    public static string SegmentFileName(long firstLsn) => $"{firstLsn:D20}{SegmentExtension}";

    /// <summary>The offset of WAL frame <paramref name="frame"/> (1-based).</summary>
    public static long WalFrameOffset(long frame) => WalHeaderSize + ((frame - 1) * WalFrameSize);

    /// <summary>Microseconds since the Unix epoch.</summary>
    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The time of <paramref name="micros"/> microseconds since the Unix epoch.</summary>
    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    /// <summary>A segment header, without its MAC.</summary>
    public static byte[] EncodeHeader(in SegmentHeader header)
    {
        var id = Encoding.ASCII.GetBytes(header.VolumeId);
        if (id.Length > byte.MaxValue)
        {
            throw new ArgumentException("A volume id is at most 255 characters.", nameof(header));
        }

        var bytes = new byte[Magic.Length + 2 + 1 + 8 + 8 + 8 + 8 + 8 + 1 + id.Length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], Version);
        span[10] = header.Encrypted ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(span[11..], header.FirstLsn);
        BinaryPrimitives.WriteInt64BigEndian(span[19..], ToMicros(header.CreatedAt));
        BinaryPrimitives.WriteUInt64BigEndian(span[27..], header.Previous.Salts);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], header.Previous.FrameOffset);
        BinaryPrimitives.WriteInt64BigEndian(span[43..], ToMicros(header.Previous.Time));
        span[51] = (byte)id.Length;
        id.CopyTo(span[52..]);
        return bytes;
    }

    /// <summary>Parses a header (without its MAC) at the start of <paramref name="bytes"/>; its length, or 0 when malformed or incomplete.</summary>
    public static int TryDecodeHeader(ReadOnlySpan<byte> bytes, out SegmentHeader header)
    {
        header = default;
        if (bytes.Length < 52 || !bytes[..8].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt16BigEndian(bytes[8..]) != Version || bytes[10] > 1)
        {
            return 0;
        }

        var length = 52 + bytes[51];
        if (bytes.Length < length)
        {
            return 0;
        }

        header = new SegmentHeader(
            Encoding.ASCII.GetString(bytes[52..length]),
            bytes[10] == 1,
            BinaryPrimitives.ReadInt64BigEndian(bytes[11..]),
            FromMicros(BinaryPrimitives.ReadInt64BigEndian(bytes[19..])),
            new CommitPoint(
                BinaryPrimitives.ReadUInt64BigEndian(bytes[27..]),
                BinaryPrimitives.ReadInt64BigEndian(bytes[35..]),
                FromMicros(BinaryPrimitives.ReadInt64BigEndian(bytes[43..]))));
        return length;
    }

    public static void EncodeFrame(in LoggedFrame frame, Span<byte> fields)
    {
        FrameTag.CopyTo(fields);
        BinaryPrimitives.WriteInt64BigEndian(fields[4..], frame.FrameOffset);
        BinaryPrimitives.WriteUInt32BigEndian(fields[12..], frame.PageNumber);
        BinaryPrimitives.WriteUInt32BigEndian(fields[16..], frame.Commit);
        BinaryPrimitives.WriteUInt64BigEndian(fields[20..], frame.Salts);
    }

    public static LoggedFrame DecodeFrame(ReadOnlySpan<byte> fields) => new(
        BinaryPrimitives.ReadInt64BigEndian(fields[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(fields[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(fields[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(fields[20..]));

    public static void EncodeCommit(in LoggedCommit commit, Span<byte> fields)
    {
        CommitTag.CopyTo(fields);
        BinaryPrimitives.WriteInt64BigEndian(fields[4..], commit.Lsn);
        BinaryPrimitives.WriteInt64BigEndian(fields[12..], ToMicros(commit.Time));
        BinaryPrimitives.WriteInt64BigEndian(fields[20..], commit.FirstFrameOffset);
        BinaryPrimitives.WriteInt64BigEndian(fields[28..], commit.CommitFrameOffset);
        BinaryPrimitives.WriteUInt32BigEndian(fields[36..], commit.DatabasePages);
        BinaryPrimitives.WriteUInt64BigEndian(fields[40..], commit.Salts);
    }

    public static LoggedCommit DecodeCommit(ReadOnlySpan<byte> fields) => new(
        BinaryPrimitives.ReadInt64BigEndian(fields[4..]),
        FromMicros(BinaryPrimitives.ReadInt64BigEndian(fields[12..])),
        BinaryPrimitives.ReadInt64BigEndian(fields[20..]),
        BinaryPrimitives.ReadInt64BigEndian(fields[28..]),
        BinaryPrimitives.ReadUInt32BigEndian(fields[36..]),
        BinaryPrimitives.ReadUInt64BigEndian(fields[40..]));

    public static void EncodeEnd(long lastLsn, Span<byte> fields)
    {
        EndTag.CopyTo(fields);
        BinaryPrimitives.WriteInt64BigEndian(fields[4..], lastLsn);
    }
}

/// <summary>A segment's header: whose log it is, where it starts, and the commit before its first.</summary>
internal readonly record struct SegmentHeader(string VolumeId, bool Encrypted, long FirstLsn, DateTimeOffset CreatedAt, CommitPoint Previous);

/// <summary>Where the last commit was in the WAL (salts and frame offset; offset 0 when there was none) and when.</summary>
internal readonly record struct CommitPoint(ulong Salts, long FrameOffset, DateTimeOffset Time);

/// <summary>A commit record's fields.</summary>
internal readonly record struct LoggedCommit(long Lsn, DateTimeOffset Time, long FirstFrameOffset, long CommitFrameOffset, uint DatabasePages, ulong Salts)
{
    public CommitPoint Point => new(Salts, CommitFrameOffset, Time);
}
