using System.Security.Cryptography;

namespace Coffer.Storage.ChangeLog;

/// <summary>
/// Appends a volume's committed transactions to its change log as the VFS writes them to the WAL: each frame record
/// as its page is written, then a commit record (LSN, commit time, WAL position, database size, MAC) when the commit
/// frame is written. Records are buffered (64 KiB) and reach the disk no later than the WAL's own sync, so a commit
/// SQLite reports durable is durable in the log; a commit the process dies before writing out is still in the WAL, and
/// reopening captures it from there. One writer per open volume; SQLite's WAL write lock orders callers.
/// <para>
/// A failed append fails the WAL write (so SQLite rolls the transaction back) and the next append first cuts the
/// segment back to its last commit. A failed sync poisons the log: SQLite may then disown a commit the log holds, and
/// only reopening the volume, which reconciles the log with the WAL, can tell.
/// </para>
/// </summary>
internal sealed partial class ChangeLogWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly string _volumeId;
    private readonly byte[]? _key;
    private readonly ChangeLogOptions _options;
    private readonly byte[] _fields = new byte[ChangeLogFormat.CommitRecordSize];
    private SegmentFile _stream;
    private ChangeLogChain _chain;
    private string _segmentPath;
    private DateTimeOffset _segmentCreated;
    private long _nextLsn;
    private CommitPoint _last;
    private long _lastCommitEnd;
    private byte[] _lastMac;
    private int _segmentCommits;
    private bool _unsynced;
    private bool _broken;
    private string? _poisoned;
    private bool _disposed;

    private ChangeLogWriter(string directory, string volumeId, byte[]? key, ChangeLogOptions options, long nextLsn, CommitPoint last)
    {
        _directory = directory;
        _volumeId = volumeId;
        _key = key;
        _options = options;
        _nextLsn = nextLsn;
        _last = last;
        (_stream, _chain, _segmentPath, _lastMac) = CreateSegment(nextLsn, last);
        _segmentCreated = options.Time.GetUtcNow();
        _lastCommitEnd = _stream.Position;
    }

    /// <summary>The directory holding the segments.</summary>
    public string Directory => _directory;

    /// <summary>The last logged commit.</summary>
    public ChangeLogPosition Position
    {
        get
        {
            lock (_gate)
            {
                return new ChangeLogPosition(_nextLsn - 1, _last.Time);
            }
        }
    }

    /// <summary>The segment being written; every other segment in the directory is closed.</summary>
    public string CurrentSegment
    {
        get
        {
            lock (_gate)
            {
                return _segmentPath;
            }
        }
    }

    /// <summary>What opening the log found and repaired (a torn tail, transactions re-captured from the WAL, damage).</summary>
    public IReadOnlyList<string> RecoveryNotes { get; private init; } = [];

    /// <summary>Appends a frame the WAL has just written; at a commit frame, the commit record too.</summary>
    public bool TryAppend(in LoggedFrame frame, ReadOnlySpan<byte> page)
    {
        lock (_gate)
        {
            if (_poisoned is not null || _disposed || (_broken && !TryRepair()))
            {
                return false;
            }

            try
            {
                AppendFrame(frame, page);
                if (frame.Commit != 0)
                {
                    AppendCommit(frame, _options.Time.GetUtcNow());
                }

                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _broken = true;
                return false;
            }
        }
    }

    /// <summary>Hands buffered records to the OS, so that a reader of the segment file sees every commit logged so far.</summary>
    public void FlushToFile()
    {
        lock (_gate)
        {
            if (!_broken && !_disposed)
            {
                _stream.Flush();
            }
        }
    }

    /// <summary>Makes everything appended durable.</summary>
    public bool TrySync()
    {
        lock (_gate)
        {
            if (_poisoned is not null || _broken)
            {
                return false;
            }

            if (!_unsynced)
            {
                return true;
            }

            try
            {
                _stream.Sync();
                _unsynced = false;
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _poisoned = "syncing the change log failed";
                return false;
            }
        }
    }

    /// <summary>Stops all appends until the volume is reopened: the WAL's sync failed after the log took a commit.</summary>
    public void Poison()
    {
        lock (_gate)
        {
            _poisoned ??= "the WAL's sync failed";
        }
    }

    /// <summary>
    /// Closes the current segment and starts the next (unless it holds no commit yet). The caller holds the volume's write lock (no transaction is
    /// half logged).
    /// </summary>
    public void Rotate()
    {
        lock (_gate)
        {
            if (_poisoned is not null || (_broken && !TryRepair()))
            {
                throw new IOException($"The change log of volume {_volumeId} cannot be rotated: {_poisoned ?? "an append failed"}.");
            }

            if (_segmentCommits > 0)
            {
                RotateCore();
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
            try
            {
                if (_poisoned is null && (!_broken || TryRepair()))
                {
                    WriteEnd();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The segment stays open-ended; the next open reads its valid prefix.
            }
            finally
            {
                _stream.Dispose();
                _chain.Dispose();
                CryptographicOperations.ZeroMemory(_fields);
            }
        }
    }

    private void AppendFrame(in LoggedFrame frame, ReadOnlySpan<byte> page)
    {
        var fields = _fields.AsSpan(0, ChangeLogFormat.FrameFieldsSize);
        ChangeLogFormat.EncodeFrame(frame, fields);
        _stream.Write(fields);
        _stream.Write(page);
        _chain.AddFrame(fields, page);
    }

    private void AppendCommit(in LoggedFrame frame, DateTimeOffset now)
    {
        var commit = new LoggedCommit(
            _nextLsn,
            now > _last.Time ? now : _last.Time,
            _last.Salts == frame.Salts && _last.FrameOffset != 0 ? _last.FrameOffset + ChangeLogFormat.WalFrameSize : ChangeLogFormat.WalHeaderSize,
            frame.FrameOffset,
            frame.Commit,
            frame.Salts);
        var fields = _fields.AsSpan(0, ChangeLogFormat.CommitFieldsSize);
        ChangeLogFormat.EncodeCommit(commit, fields);
        _stream.Write(fields);
        _stream.Write(_chain.Close(fields));
        _unsynced = true;
        _nextLsn++;
        _last = commit.Point;
        _lastCommitEnd = _stream.Position;
        _lastMac = _chain.Mac.ToArray();
        _segmentCommits++;
        if (_stream.Position >= _options.SegmentBytes || now - _segmentCreated >= _options.SegmentAge)
        {
            RotateCore();
        }
    }

    private void RotateCore()
    {
        WriteEnd();
        _stream.Dispose();
        _chain.Dispose();
        (_stream, _chain, _segmentPath, _lastMac) = CreateSegment(_nextLsn, _last);
        _segmentCreated = _options.Time.GetUtcNow();
        _lastCommitEnd = _stream.Position;
        _segmentCommits = 0;
    }

    private void WriteEnd()
    {
        var fields = _fields.AsSpan(0, ChangeLogFormat.EndFieldsSize);
        ChangeLogFormat.EncodeEnd(_nextLsn - 1, fields);
        _stream.Write(fields);
        _stream.Write(_chain.Close(fields));
        _stream.Close();
        _unsynced = false;
    }

    /// <summary>Cuts the segment back to its last commit after a failed append, and continues the chain from there.</summary>
    private bool TryRepair()
    {
        try
        {
            _stream.CutAt(_lastCommitEnd);
            _chain.ContinueFrom(_lastMac);
            _broken = false;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private (SegmentFile Stream, ChangeLogChain Chain, string Path, byte[] Mac) CreateSegment(long firstLsn, CommitPoint previous)
    {
        var path = System.IO.Path.Combine(_directory, ChangeLogFormat.SegmentFileName(firstLsn));
        var header = ChangeLogFormat.EncodeHeader(new SegmentHeader(_volumeId, _key is not null, firstLsn, _options.Time.GetUtcNow(), previous));
        var stream = SegmentFile.Create(path, Math.Clamp(_options.SegmentBytes / 8, 64 * 1024, 8 * 1024 * 1024));
        var chain = new ChangeLogChain(_key);
        try
        {
            stream.Write(header);
            stream.Write(chain.StartAt(header));
            stream.Sync();
            return (stream, chain, path, chain.Mac.ToArray());
        }
        catch
        {
            stream.Dispose();
            chain.Dispose();
            File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// Runs the WAL's sync (<paramref name="walSync"/>) and the log's at the same time, so that a commit waits for the
    /// slower of the two flushes rather than both in turn; returns the WAL's result, or an fsync error when the log's
    /// failed (the log is then poisoned until the volume is reopened).
    /// </summary>
    public int SyncWith(Func<int> walSync)
    {
        Task<bool>? logSync = null;
        lock (_gate)
        {
            if (_poisoned is not null || _broken)
            {
                return Vfs.Native.SqliteNative.IoErrFsync;
            }

            if (_unsynced)
            {
                logSync = Task.Run(TrySync);
            }
        }

        var rc = walSync();
        if (logSync is not null && !logSync.GetAwaiter().GetResult())
        {
            return Vfs.Native.SqliteNative.IoErrFsync;
        }

        if (rc != Vfs.Native.SqliteNative.Ok)
        {
            // SQLite will not count the last commit; the log already holds it. Only a reopen can reconcile the two.
            Poison();
        }

        return rc;
    }
}
