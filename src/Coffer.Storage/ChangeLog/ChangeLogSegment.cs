using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Coffer.Storage.ChangeLog;

/// <summary>
/// A local change log segment as read back: its header, the commits whose MACs verify, and where (if anywhere) it
/// stops being valid. A segment that ends without its end record was being written when the process stopped; its
/// valid prefix is what was logged. Damage followed by a later commit record is reported as such, not taken for a
/// torn tail.
/// </summary>
internal sealed class ChangeLogSegment
{
    private ChangeLogSegment(string path, SegmentHeader header, int headerLength)
    {
        Path = path;
        Header = header;
        HeaderLength = headerLength;
    }

    /// <summary>The segment file.</summary>
    public string Path { get; }

    /// <summary>The header.</summary>
    public SegmentHeader Header { get; }

    /// <summary>The header's length including its MAC: where the first record starts.</summary>
    public int HeaderLength { get; }

    /// <summary>The header's MAC, where the chain starts.</summary>
    public byte[] HeaderMac { get; private set; } = [];

    /// <summary>The verified commits, in order.</summary>
    public List<ScannedCommit> Commits { get; } = [];

    /// <summary>Whether the segment ends with a verified end record (it was closed).</summary>
    public bool Ended { get; private set; }

    /// <summary>Why reading stopped before the end of the file, when it did.</summary>
    public string? Damage { get; private set; }

    /// <summary>
    /// How many commits the damage cost, when it is followed by more commit records: the damaged record's (when it is
    /// a commit) and every later one, counted by their tags (their contents cannot be trusted past the break).
    /// <see langword="null"/> when nothing follows: a torn tail.
    /// </summary>
    public int? CommitsLostToDamage { get; private set; }

    /// <summary>The last commit point the segment knows: its last commit's, or its header's previous one.</summary>
    public CommitPoint LastPoint => Commits.Count > 0 ? Commits[^1].Commit.Point : Header.Previous;

    /// <summary>The LSN of the last commit the segment knows (its first LSN minus one when it has none).</summary>
    public long LastLsn => Commits.Count > 0 ? Commits[^1].Commit.Lsn : Header.FirstLsn - 1;

    /// <summary>The MAC the chain continues from after the last verified commit.</summary>
    public byte[] LastMac => Commits.Count > 0 ? Commits[^1].Mac : HeaderMac;

    /// <summary>Where the verified prefix ends (after the last commit, or the header).</summary>
    public long ValidLength => Commits.Count > 0 ? Commits[^1].EndPosition : HeaderLength;

    /// <summary>
    /// Reads a segment. Returns <see langword="null"/> when not even its header was written whole. With
    /// <paramref name="collectFrames"/>, each commit lists the frame records that make up its transaction.
    /// </summary>
    /// <exception cref="ChangeLogCorruptException">The header fails verification, or names another volume.</exception>
    public static ChangeLogSegment? Scan(string path, string volumeId, byte[]? key, bool collectFrames)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var start = new byte[52 + 255 + ChangeLogFormat.MacSize];
        var read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var headerLength = ChangeLogFormat.TryDecodeHeader(start.AsSpan(0, read), out var header);
        if (headerLength == 0 || read < headerLength + ChangeLogFormat.MacSize)
        {
            if (read >= 8 && !start.AsSpan(0, 8).SequenceEqual(ChangeLogFormat.Magic))
            {
                throw new ChangeLogCorruptException($"Change log segment {path} does not start with a segment header.");
            }

            return null;
        }

        if (header.VolumeId != volumeId || header.Encrypted != key is not null)
        {
            throw new ChangeLogCorruptException($"Change log segment {path} belongs to volume {header.VolumeId}, not {volumeId}, or its encryption differs.");
        }

        var segment = new ChangeLogSegment(path, header, headerLength + ChangeLogFormat.MacSize);
        using var chain = new ChangeLogChain(key);
        var mac = chain.StartAt(start.AsSpan(0, headerLength));
        if (!CryptographicOperations.FixedTimeEquals(mac, start.AsSpan(headerLength, ChangeLogFormat.MacSize)))
        {
            throw new ChangeLogCorruptException($"The header of change log segment {path} fails verification (a wrong key, or damage).");
        }

        segment.HeaderMac = mac.ToArray();
        file.Position = segment.HeaderLength;
        segment.ReadRecords(file, chain, collectFrames);
        return segment;
    }

    private void ReadRecords(FileStream file, ChangeLogChain chain, bool collectFrames)
    {
        var record = new byte[ChangeLogFormat.FrameRecordSize];
        var pending = new Dictionary<long, FrameLocation>();
        while (true)
        {
            var position = file.Position;
            var read = file.ReadAtLeast(record.AsSpan(0, ChangeLogFormat.TagSize), ChangeLogFormat.TagSize, throwOnEndOfStream: false);
            if (read == 0)
            {
                return;
            }

            var tag = record.AsSpan(0, ChangeLogFormat.TagSize);
            if (read == ChangeLogFormat.TagSize && !tag.ContainsAnyExcept((byte)0))
            {
                // The zero-filled space ahead of the open segment's data: its end, if nothing but zeros follows.
                if (!RestIsZero(file))
                {
                    Stop(file, position, "data after the end of the written records");
                }

                return;
            }

            var size = tag.SequenceEqual(ChangeLogFormat.FrameTag) ? ChangeLogFormat.FrameRecordSize
                : tag.SequenceEqual(ChangeLogFormat.CommitTag) ? ChangeLogFormat.CommitRecordSize
                : tag.SequenceEqual(ChangeLogFormat.EndTag) ? ChangeLogFormat.EndRecordSize
                : 0;
            if (read < ChangeLogFormat.TagSize || size == 0 ||
                file.ReadAtLeast(record.AsSpan(ChangeLogFormat.TagSize, size - ChangeLogFormat.TagSize), size - ChangeLogFormat.TagSize, throwOnEndOfStream: false) < size - ChangeLogFormat.TagSize)
            {
                Stop(file, position, size == 0 ? "an unknown record" : "a record cut short");
                return;
            }

            if (size == ChangeLogFormat.FrameRecordSize)
            {
                var fields = record.AsSpan(0, ChangeLogFormat.FrameFieldsSize);
                chain.AddFrame(fields, record.AsSpan(ChangeLogFormat.FrameFieldsSize, ChangeLogFormat.PageSize));
                if (collectFrames)
                {
                    var frame = ChangeLogFormat.DecodeFrame(fields);
                    pending[frame.FrameOffset] = new FrameLocation(position + ChangeLogFormat.FrameFieldsSize, frame);
                }

                continue;
            }

            var fieldsSize = size - ChangeLogFormat.MacSize;
            if (!CryptographicOperations.FixedTimeEquals(chain.Close(record.AsSpan(0, fieldsSize)), record.AsSpan(fieldsSize, ChangeLogFormat.MacSize)))
            {
                Stop(file, position, "a record whose MAC does not verify");
                return;
            }

            if (size == ChangeLogFormat.EndRecordSize)
            {
                if (BinaryPrimitives.ReadInt64BigEndian(record.AsSpan(4)) != LastLsn || file.Position != file.Length)
                {
                    Stop(file, position, "an end record that does not end the segment");
                    return;
                }

                Ended = true;
                return;
            }

            var commit = ChangeLogFormat.DecodeCommit(record.AsSpan(0, fieldsSize));
            if (commit.Lsn != LastLsn + 1)
            {
                Stop(file, position, $"commit {commit.Lsn} where {LastLsn + 1} was due");
                return;
            }

            Commits.Add(new ScannedCommit(commit, file.Position, chain.Mac.ToArray(), collectFrames ? TransactionFrames(commit, pending) : []));
            pending.Clear();
        }
    }

    /// <summary>The frames of a transaction: every WAL frame from its first to its commit frame, last write wins.</summary>
    private List<FrameLocation> TransactionFrames(in LoggedCommit commit, Dictionary<long, FrameLocation> pending)
    {
        var frames = new List<FrameLocation>();
        for (var offset = commit.FirstFrameOffset; offset <= commit.CommitFrameOffset; offset += ChangeLogFormat.WalFrameSize)
        {
            if (!pending.TryGetValue(offset, out var location) || location.Frame.Salts != commit.Salts)
            {
                throw new ChangeLogCorruptException($"Change log segment {Path} lacks the WAL frame at {offset} of transaction {commit.Lsn}.");
            }

            frames.Add(location);
        }

        return frames;
    }

    private void Stop(FileStream file, long position, string what)
    {
        Damage = $"{what} at byte {position}";
        var rest = new byte[(int)Math.Min(file.Length - position, 256L * 1024 * 1024)];
        file.Position = position;
        var read = file.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false);
        var span = rest.AsSpan(0, read);
        var later = 0;
        for (var at = NextCommitTag(span, 0); at >= 0; at = NextCommitTag(span, at))
        {
            later++;
        }

        if (later > 0)
        {
            CommitsLostToDamage = later + (span.StartsWith(ChangeLogFormat.CommitTag) ? 1 : 0);
        }
    }

    private static bool RestIsZero(FileStream file)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        return true;
    }

    private static int NextCommitTag(ReadOnlySpan<byte> span, int at)
    {
        var next = span[(at + 1)..].IndexOf(ChangeLogFormat.CommitTag);
        return next < 0 ? -1 : at + 1 + next;
    }
}

/// <summary>A verified commit: its fields, where its record ends, the chain's MAC after it, and its frames.</summary>
internal sealed record ScannedCommit(LoggedCommit Commit, long EndPosition, byte[] Mac, IReadOnlyList<FrameLocation> Frames);

/// <summary>Where a logged frame's page is in a segment file.</summary>
internal readonly record struct FrameLocation(long PagePosition, LoggedFrame Frame);
