using System.Buffers.Binary;
using System.Globalization;
using Coffer.Storage.Archives;
using Coffer.Storage.Vfs;
using Coffer.Storage.Volumes;

namespace Coffer.Storage.ChangeLog;

/// <summary>
/// Change log segments in the archive store, and point-in-time restore. A sealed segment is an archive of kind
/// <see cref="Kind"/> under its own data key whose content is the segment's transactions in order:
/// <code>"TXN1" ‖ LSN (8) ‖ commit time µs (8) ‖ database pages (4) ‖ page count (4) ‖ page count × (page number (4) ‖ page (4096))</code>
/// Its object name is <c>prefix + first LSN (20 digits) + "-" + last LSN (20) + "-" + last commit Unix ms (15)</c>, so
/// that restore and pruning can choose segments without opening them; what is read is verified from the content.
/// </summary>
public static class ChangeLogArchives
{
    /// <summary>The archive kind of a sealed change log segment.</summary>
    public const string Kind = "change-log";

    private const int TransactionHeaderSize = 4 + 8 + 8 + 4 + 4;

    private static ReadOnlySpan<byte> TransactionTag => "TXN1"u8;

    /// <summary>
    /// Seals every closed local segment of <paramref name="volume"/> into <paramref name="store"/>, oldest first, each
    /// under a fresh data key from <paramref name="newKey"/> (<see langword="null"/> for an unencrypted volume), and
    /// deletes each local segment once its archive is committed. Returns the names written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SealAsync(
        Volume volume, IArchiveStore store, string prefix, Func<CancellationToken, Task<VolumeKeyMaterial?>> newKey, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(newKey);
        var log = volume.ChangeLog ?? throw new VolumeException($"Volume {volume.Manifest.VolumeId} keeps no change log.");
        var current = log.CurrentSegment;
        var sealedNames = new List<string>();
        foreach (var path in Directory.GetFiles(log.Directory, "*" + ChangeLogFormat.SegmentExtension).Order(StringComparer.Ordinal))
        {
            if (path == current)
            {
                continue;
            }

            var segment = ChangeLogSegment.Scan(path, volume.Manifest.VolumeId, volume.Cipher.ChangeLogKey, collectFrames: true);
            if (segment is not null && !segment.Ended)
            {
                throw new ChangeLogCorruptException($"Closed change log segment {path} of volume {volume.Manifest.VolumeId} fails verification: {segment.Damage ?? "it has no end record"}.");
            }

            if (segment is null || segment.Commits.Count == 0)
            {
                File.Delete(path);
                continue;
            }

            var name = SegmentName(prefix, segment);
            var key = await newKey(cancellationToken);
            await using (var upload = await store.CreateAsync(name, cancellationToken))
            {
                await using (var writer = await ArchiveWriter.CreateAsync(upload.Stream, key, Kind, volume.Manifest.VolumeId, time, cancellationToken))
                {
                    await WriteTransactionsAsync(segment, volume.Cipher, writer, cancellationToken);
                    writer.LogRange = (segment.Header.FirstLsn, segment.LastLsn, segment.Commits[^1].Commit.Time);
                    await writer.CompleteAsync(cancellationToken);
                }

                await upload.CommitAsync(cancellationToken);
            }

            File.Delete(path);
            sealedNames.Add(name);
        }

        return sealedNames;
    }

    /// <summary>
    /// Deletes the sealed segments under <paramref name="prefix"/> whose last commit is before <paramref name="cutoff"/>
    /// (the start of the retention window); returns how many.
    /// </summary>
    public static async Task<int> PruneAsync(IArchiveStore store, string prefix, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var expired = new List<string>();
        await foreach (var entry in store.ListAsync(prefix, cancellationToken))
        {
            if (TryParseName(prefix, entry.Name, out _, out _, out var lastCommit) && lastCommit < cutoff)
            {
                expired.Add(entry.Name);
            }
        }

        foreach (var name in expired)
        {
            await store.DeleteAsync(name, cancellationToken);
        }

        return expired.Count;
    }

    /// <summary>
    /// Restores the state of a volume at <see cref="PointInTimeRestoreRequest.RestoreTime"/> into a new volume: the
    /// base archive's image, then every logged transaction after it that committed at or before that time, in LSN
    /// order, with no gap. The volume is built beside its directory and moved into place only when complete.
    /// </summary>
    /// <exception cref="ChangeLogCorruptException">The log lacks a transaction, or a segment fails verification.</exception>
    public static Task<Volume> RestoreToTimeAsync(PointInTimeRestoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return VolumeArchives.RestoreAsync(
            request.BaseArchive,
            request.BaseArchiveKey,
            request.Directory,
            request.VolumeKey,
            request.Time,
            (databasePath, cipher, manifest, token) => ReplayAsync(request, databasePath, cipher, manifest, token),
            request.Options,
            cancellationToken);
    }

    private static async Task ReplayAsync(PointInTimeRestoreRequest request, string databasePath, VolumeCipher cipher, ArchiveManifest manifest, CancellationToken cancellationToken)
    {
        if (manifest.LogLsn is not { } baseLsn || manifest.LogCommitTime is not { } baseTime)
        {
            throw new ChangeLogCorruptException($"Archive {manifest.ArchiveId} records no change log position; it cannot start a point-in-time restore.");
        }

        if (baseLsn > 0 && baseTime > request.RestoreTime)
        {
            throw new ChangeLogCorruptException($"Archive {manifest.ArchiveId} holds commits up to {baseTime:O}, after the restore time {request.RestoreTime:O}.");
        }

        if (request.LiveSource is { } live && live.Manifest.VolumeId != manifest.SourceVolumeId)
        {
            throw new ChangeLogCorruptException($"Archive {manifest.ArchiveId} is of volume {manifest.SourceVolumeId}, not {live.Manifest.VolumeId}.");
        }

        using var target = new ReplayTarget(databasePath, cipher);
        var replay = new Replay(target, baseLsn, request.RestoreTime);
        if (request.Store is { } store)
        {
            await ReplaySealedAsync(request, store, manifest.SourceVolumeId, replay, cancellationToken);
            replay.Expect(replay.KnownEnd + 1);
        }

        if (!replay.Finished && request.LiveSource is { } source && source.ChangeLog is { } log)
        {
            log.FlushToFile();
            foreach (var path in Directory.GetFiles(log.Directory, "*" + ChangeLogFormat.SegmentExtension).Order(StringComparer.Ordinal))
            {
                var segment = ChangeLogSegment.Scan(path, source.Manifest.VolumeId, source.Cipher.ChangeLogKey, collectFrames: true);
                if (segment is null || segment.LastLsn <= replay.LastLsn)
                {
                    continue;
                }

                replay.Expect(segment.Header.FirstLsn);
                ReplayLocal(segment, source.Cipher, replay);
                if (replay.Finished)
                {
                    break;
                }
            }

            replay.Expect(log.Position.Lsn + 1);
        }

        target.Complete();
    }

    private static async Task ReplaySealedAsync(PointInTimeRestoreRequest request, IArchiveStore store, string? volumeId, Replay replay, CancellationToken cancellationToken)
    {
        var names = new List<(long First, long Last, string Name)>();
        await foreach (var entry in store.ListAsync(request.SegmentPrefix, cancellationToken))
        {
            if (TryParseName(request.SegmentPrefix, entry.Name, out var first, out var last, out _) && last > replay.LastLsn)
            {
                names.Add((first, last, entry.Name));
            }
        }

        if (request.LiveSource is null && names.Count > 0)
        {
            // Without the live log, the newest sealed segment is where the log is known to end.
            replay.KnownEnd = names.Max(n => n.Last);
        }

        foreach (var (first, last, name) in names.OrderBy(n => n.First))
        {
            if (replay.Finished)
            {
                return;
            }

            if (last <= replay.LastLsn)
            {
                continue;
            }

            replay.Expect(first);

            await using var stream = await store.OpenReadAsync(name, cancellationToken);
            using var reader = await ArchiveReader.OpenAsync(stream, cancellationToken);
            if (reader.Header.Kind != Kind || reader.Header.SourceVolumeId != volumeId)
            {
                throw new ChangeLogCorruptException($"Archive {name} is not a change log segment of volume {volumeId}.");
            }

            var key = request.SegmentKey is null ? null : await request.SegmentKey(reader.Header, cancellationToken);
            if (reader.IsEncrypted != key is not null)
            {
                throw new ChangeLogCorruptException($"Change log segment {name} is {(reader.IsEncrypted ? "encrypted and no key was given" : "not encrypted but a key was given")}.");
            }

            if (key is not null)
            {
                reader.Unlock(key);
            }

            await ReplaySealedSegmentAsync(reader, name, replay, cancellationToken);
        }
    }

    private static async Task ReplaySealedSegmentAsync(ArchiveReader reader, string name, Replay replay, CancellationToken cancellationToken)
    {
        await using var content = new ArchiveContentReader(reader, cancellationToken);
        var header = new byte[TransactionHeaderSize];
        var page = new byte[4 + PageCipher.PageSize];
        while (await content.TryReadExactlyAsync(header))
        {
            if (!header.AsSpan(0, 4).SequenceEqual(TransactionTag))
            {
                throw new ChangeLogCorruptException($"Change log segment {name} holds a record that is not a transaction.");
            }

            var lsn = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(4));
            var time = ChangeLogFormat.FromMicros(BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(12)));
            var databasePages = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(20));
            var count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(24));
            var apply = replay.Begin(lsn, time);
            if (replay.Finished)
            {
                return;
            }

            for (var i = 0; i < count; i++)
            {
                if (!await content.TryReadExactlyAsync(page))
                {
                    throw new ChangeLogCorruptException($"Change log segment {name} ends inside transaction {lsn}.");
                }

                if (apply)
                {
                    replay.Target.Apply(BinaryPrimitives.ReadUInt32BigEndian(page), page.AsSpan(4));
                }
            }

            if (apply)
            {
                replay.Target.Commit(lsn, databasePages);
            }
        }

        // The whole content has been read: the archive's manifest (and with it truncation) is verified.
        await content.EndAsync();
    }

    private static void ReplayLocal(ChangeLogSegment segment, VolumeCipher source, Replay replay)
    {
        using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var raw = new byte[PageCipher.PageSize];
        var plain = new byte[PageCipher.PageSize];
        Span<byte> aad = stackalloc byte[25];
        foreach (var scanned in segment.Commits)
        {
            var commit = scanned.Commit;
            var apply = replay.Begin(commit.Lsn, commit.Time);
            if (replay.Finished)
            {
                return;
            }

            if (!apply)
            {
                continue;
            }

            foreach (var location in scanned.Frames)
            {
                file.Position = location.PagePosition;
                file.ReadExactly(raw);
                var page = ReadLoggedPage(source, location.Frame, raw, plain, aad, segment.Path);
                replay.Target.Apply(location.Frame.PageNumber, page);
            }

            replay.Target.Commit(commit.Lsn, commit.DatabasePages);
        }
    }

    private static ReadOnlySpan<byte> ReadLoggedPage(VolumeCipher source, in LoggedFrame frame, byte[] raw, byte[] plain, Span<byte> aad, string segmentPath)
    {
        if (source.Pages is not { } pages)
        {
            return raw;
        }

        WalFileState.AssociatedData(frame, aad);
        if (!pages.TryDecrypt(raw, plain, aad))
        {
            throw new ChangeLogCorruptException($"Change log segment {segmentPath} holds a page {frame.PageNumber} image (WAL offset {frame.FrameOffset}) that fails authentication.");
        }

        return plain;
    }

    private static async Task WriteTransactionsAsync(ChangeLogSegment segment, VolumeCipher source, ArchiveWriter writer, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        var header = new byte[TransactionHeaderSize];
        var raw = new byte[PageCipher.PageSize];
        var plain = new byte[PageCipher.PageSize];
        var record = new byte[4 + PageCipher.PageSize];
        var aad = new byte[25];
        foreach (var scanned in segment.Commits)
        {
            var commit = scanned.Commit;
            TransactionTag.CopyTo(header);
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(4), commit.Lsn);
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(12), ChangeLogFormat.ToMicros(commit.Time));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(20), commit.DatabasePages);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(24), scanned.Frames.Count);
            await writer.WriteAsync(header, cancellationToken);
            foreach (var location in scanned.Frames)
            {
                file.Position = location.PagePosition;
                await file.ReadExactlyAsync(raw, cancellationToken);
                BinaryPrimitives.WriteUInt32BigEndian(record, location.Frame.PageNumber);
                ReadLoggedPage(source, location.Frame, raw, plain, aad, segment.Path).CopyTo(record.AsSpan(4));
                await writer.WriteAsync(record, cancellationToken);
            }
        }

        Array.Clear(plain);
        Array.Clear(record);
    }

    private static string SegmentName(string prefix, ChangeLogSegment segment) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{segment.Header.FirstLsn:D20}-{segment.LastLsn:D20}-{segment.Commits[^1].Commit.Time.ToUnixTimeMilliseconds():D15}");

    private static bool TryParseName(string prefix, string name, out long first, out long last, out DateTimeOffset lastCommit)
    {
        first = last = 0;
        lastCommit = default;
        var rest = name.AsSpan(prefix.Length);
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || rest.Length != 20 + 1 + 20 + 1 + 15 || rest[20] != '-' || rest[41] != '-' ||
            !long.TryParse(rest[..20], NumberStyles.None, CultureInfo.InvariantCulture, out first) ||
            !long.TryParse(rest[21..41], NumberStyles.None, CultureInfo.InvariantCulture, out last) ||
            !long.TryParse(rest[42..], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return false;
        }

        lastCommit = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }

    /// <summary>Replay's progress: which LSN is due next, and whether the restore time has been passed.</summary>
    private sealed class Replay(ReplayTarget target, long baseLsn, DateTimeOffset until)
    {
        public ReplayTarget Target { get; } = target;

        public long LastLsn { get; private set; } = baseLsn;

        public bool Finished { get; private set; }

        /// <summary>The last LSN the log is known to hold.</summary>
        public long KnownEnd { get; set; }

        /// <summary>
        /// Checks that the next transaction the log holds is <paramref name="lsn"/>, unless the restore time has been
        /// passed: a segment starting later, or a log ending later than what was replayed, means a transaction is
        /// missing that may have committed before the restore time.
        /// </summary>
        public void Expect(long lsn)
        {
            if (!Finished && lsn > LastLsn + 1)
            {
                throw new ChangeLogCorruptException($"The change log lacks transactions {LastLsn + 1} to {lsn - 1}; the volume cannot be restored past {LastLsn}.");
            }
        }

        /// <summary>Whether to apply transaction <paramref name="lsn"/>: not when the image already holds it; sets <see cref="Finished"/> past the restore time.</summary>
        public bool Begin(long lsn, DateTimeOffset commitTime)
        {
            if (lsn <= LastLsn)
            {
                return false;
            }

            if (commitTime > until)
            {
                Finished = true;
                return false;
            }

            if (lsn != LastLsn + 1)
            {
                throw new ChangeLogCorruptException($"The change log lacks transactions {LastLsn + 1} to {lsn - 1}; the volume cannot be restored past {LastLsn}.");
            }

            LastLsn = lsn;
            return true;
        }
    }
}
