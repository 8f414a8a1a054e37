using System.Buffers.Binary;

namespace Coffer.Storage.ChangeLog;

/// <summary>
/// What SQLite recovered from a volume's WAL when it was opened: the WAL header's salts (when the header is valid) and
/// the number of valid frames (SQLite's <c>mxFrame</c>), the last of which is the WAL's last commit frame.
/// </summary>
/// <param name="Path">The WAL file.</param>
/// <param name="HasHeader">Whether the WAL has a valid header.</param>
/// <param name="Salts">The header's salts.</param>
/// <param name="Frames">The number of valid frames.</param>
/// <param name="LastWrite">When the WAL was last written.</param>
internal readonly record struct WalState(string Path, bool HasHeader, ulong Salts, long Frames, DateTimeOffset LastWrite)
{
    /// <summary>Reads the WAL header of <paramref name="path"/> and pairs it with SQLite's frame count.</summary>
    public static WalState Read(string path, long frames)
    {
        var header = new byte[ChangeLogFormat.WalHeaderSize];
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !IsValidHeader(header))
            {
                return new WalState(path, false, 0, 0, default);
            }

            return new WalState(path, true, BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(16)), frames, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero));
        }
        catch (FileNotFoundException)
        {
            return new WalState(path, false, 0, 0, default);
        }
    }

    /// <summary>SQLite's WAL header check: magic, version, and the checksum of its first 24 bytes.</summary>
    private static bool IsValidHeader(ReadOnlySpan<byte> header)
    {
        var magic = BinaryPrimitives.ReadUInt32BigEndian(header);
        if ((magic & 0xFFFFFFFE) != 0x377F0682 || BinaryPrimitives.ReadUInt32BigEndian(header[4..]) != 3007000)
        {
            return false;
        }

        var bigEndian = (magic & 1) == 1;
        uint s0 = 0, s1 = 0;
        for (var i = 0; i < 24; i += 8)
        {
            var x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[i..]);
            var x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[(i + 4)..]);
            unchecked
            {
                s0 += x0 + s1;
                s1 += x1 + s0;
            }
        }

        return s0 == BinaryPrimitives.ReadUInt32BigEndian(header[24..]) && s1 == BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
    }
}
