using System.Buffers.Binary;

namespace Coffer.Storage.ChangeLog;

/// <summary>Opening a volume's change log: reading back its last segment and reconciling it with the WAL.</summary>
internal sealed partial class ChangeLogWriter
{
    /// <summary>
    /// Opens the change log of a volume whose WAL SQLite has just recovered (<paramref name="wal"/>), and starts a new
    /// segment. The last segment's valid prefix is kept and closed; commits it holds that the WAL does not (logged,
    /// then lost with the WAL's unsynced tail) are cut; commits the WAL holds that it lacks (durable in the WAL, lost
    /// with the log's unsynced tail) are captured from the WAL into the new segment. Either way the log then ends at
    /// exactly the WAL's last commit.
    /// </summary>
    public static ChangeLogWriter Open(string volumeDirectory, string volumeId, byte[]? key, ChangeLogOptions options, WalState wal)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = System.IO.Path.Combine(volumeDirectory, ChangeLogFormat.DirectoryName);
        PrivateFiles.CreateDirectory(directory);
        var notes = new List<string>();
        var nextLsn = 1L;
        var last = new CommitPoint(0, 0, options.Time.GetUtcNow());
        foreach (var path in System.IO.Directory.GetFiles(directory, "*" + ChangeLogFormat.SegmentExtension).OrderDescending(StringComparer.Ordinal))
        {
            var segment = ChangeLogSegment.Scan(path, volumeId, key, collectFrames: false);
            if (segment is null)
            {
                // Created, then the process stopped before its header was on disk: it holds nothing.
                File.Delete(path);
                continue;
            }

            (nextLsn, last) = Reconcile(segment, key, wal, notes);
            break;
        }

        var writer = new ChangeLogWriter(directory, volumeId, key, options, nextLsn, last) { RecoveryNotes = notes };
        try
        {
            writer.CaptureFromWal(wal, notes);
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Cuts orphaned commits from the last segment and closes it; returns the next LSN and the last commit.</summary>
    private static (long NextLsn, CommitPoint Last) Reconcile(ChangeLogSegment segment, byte[]? key, WalState wal, List<string> notes)
    {
        var commits = segment.Commits;
        var original = commits.Count;
        var keep = commits.Count;
        if (wal.HasHeader && wal.Frames > 0)
        {
            var walLast = ChangeLogFormat.WalFrameOffset(wal.Frames);
            var match = commits.FindLastIndex(c => c.Commit.Salts == wal.Salts && c.Commit.CommitFrameOffset == walLast);
            keep = match >= 0 ? match + 1 : FirstOr(commits.FindIndex(c => c.Commit.Salts == wal.Salts && c.Commit.CommitFrameOffset > walLast), keep);
        }
        else if (wal.HasHeader)
        {
            keep = FirstOr(commits.FindIndex(c => c.Commit.Salts == wal.Salts), keep);
        }

        if (keep < commits.Count)
        {
            notes.Add($"dropped {commits.Count - keep} logged commit(s) from {commits[keep].Commit.Lsn} that the WAL did not keep");
            commits.RemoveRange(keep, commits.Count - keep);
        }

        var nextLsn = segment.LastLsn + 1;
        if (segment.Damage is not null && segment.CommitsLostToDamage is { } lost)
        {
            // The WAL may still hold the commits after the damage: those it holds are captured again (with the LSNs
            // they had); only the ones before them are lost, and their LSNs stay unused so that restore sees the gap.
            var gap = Math.Max(0, lost - WalCommitsAfter(segment.LastPoint, wal));
            notes.Add(gap == 0
                ? $"segment {segment.Path} is damaged ({segment.Damage}); the {lost} commit(s) after it are captured again from the WAL"
                : $"segment {segment.Path} is damaged ({segment.Damage}); transactions {segment.LastLsn + 1} to {segment.LastLsn + gap} are lost to point-in-time restore");
            nextLsn += gap;
        }
        else if (segment.Damage is not null && !segment.Ended)
        {
            notes.Add($"segment {segment.Path} ended in a torn write ({segment.Damage}); its unacknowledged tail was cut");
        }

        if (commits.Count == 0)
        {
            File.Delete(segment.Path);
        }
        else if (!segment.Ended || commits.Count < original)
        {
            CloseAt(segment, key);
        }

        return (nextLsn, segment.LastPoint);
    }

    /// <summary>How many commits the WAL holds after <paramref name="last"/> (from its first frame when it is a later generation).</summary>
    private static int WalCommitsAfter(CommitPoint last, WalState wal)
    {
        if (!wal.HasHeader || wal.Frames == 0)
        {
            return 0;
        }

        var from = last.Salts == wal.Salts && last.FrameOffset != 0 ? last.FrameOffset + ChangeLogFormat.WalFrameSize : ChangeLogFormat.WalHeaderSize;
        using var file = new FileStream(wal.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[8];
        var commits = 0;
        for (var offset = from; offset <= ChangeLogFormat.WalFrameOffset(wal.Frames); offset += ChangeLogFormat.WalFrameSize)
        {
            file.Position = offset;
            file.ReadExactly(header);
            commits += BinaryPrimitives.ReadUInt32BigEndian(header[4..]) != 0 ? 1 : 0;
        }

        return commits;
    }

    private static int FirstOr(int index, int otherwise) => index >= 0 ? index : otherwise;

    /// <summary>Truncates a segment after its last kept commit and writes its end record.</summary>
    private static void CloseAt(ChangeLogSegment segment, byte[]? key)
    {
        using var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        using var chain = new ChangeLogChain(key);
        stream.SetLength(segment.ValidLength);
        stream.Position = segment.ValidLength;
        chain.ContinueFrom(segment.LastMac);
        Span<byte> fields = stackalloc byte[ChangeLogFormat.EndFieldsSize];
        ChangeLogFormat.EncodeEnd(segment.LastLsn, fields);
        stream.Write(fields);
        stream.Write(chain.Close(fields));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Logs the WAL's commits after the log's last: the transactions whose log records did not reach the disk.</summary>
    private void CaptureFromWal(WalState wal, List<string> notes)
    {
        if (!wal.HasHeader || wal.Frames == 0)
        {
            return;
        }

        var walLast = ChangeLogFormat.WalFrameOffset(wal.Frames);
        if (_last.Salts == wal.Salts && _last.FrameOffset >= walLast)
        {
            return;
        }

        var from = _last.Salts == wal.Salts && _last.FrameOffset != 0 ? _last.FrameOffset + ChangeLogFormat.WalFrameSize : ChangeLogFormat.WalHeaderSize;
        var time = wal.LastWrite;
        var now = _options.Time.GetUtcNow();
        time = time < _last.Time ? _last.Time : time > now ? now : time;
        var firstLsn = _nextLsn;
        using var file = new FileStream(wal.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var frame = new byte[ChangeLogFormat.WalFrameSize];
        for (var offset = from; offset <= walLast; offset += ChangeLogFormat.WalFrameSize)
        {
            file.Position = offset;
            file.ReadExactly(frame);
            var salts = BinaryPrimitives.ReadUInt64BigEndian(frame.AsSpan(8));
            var logged = new LoggedFrame(offset, BinaryPrimitives.ReadUInt32BigEndian(frame), BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)), salts == 0 ? wal.Salts : salts);
            AppendFrame(logged, frame.AsSpan(24));
            if (logged.Commit != 0)
            {
                AppendCommit(logged, time);
            }
        }

        _stream.Sync();
        _unsynced = false;
        notes.Add($"captured transactions {firstLsn} to {_nextLsn - 1} from the WAL (their log records had not reached the disk); their commit time is the WAL's last write");
    }
}
