using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Vfs;
using Coffer.Storage.Vfs.Native;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Archives;

/// <summary>
/// Reads the plaintext pages of a volume exactly as a connection's open read transaction sees them, straight from the
/// files, as SQLite's own readers do: page <c>p</c> is the newest WAL frame for <c>p</c> among the frames the
/// transaction sees (its <c>mxFrame</c>), else page <c>p</c> of the database file. The read transaction keeps that view
/// stable: a checkpoint copies into the database file only frames every reader sees, and the WAL is not restarted
/// while a reader uses it. Each page is decrypted once; no staging copy is written.
/// <para>
/// The view's bounds come from <c>sqlite3_snapshot_get</c>, whose opaque 48 bytes are SQLite's WAL index header
/// (version 3007000; <c>mxFrame</c> at 16, database size in pages at 20, salts at 32). They are checked, and any
/// mismatch is refused rather than guessed at.
/// </para>
/// </summary>
internal static class SnapshotPageReader
{
    private const int PageSize = PageCipher.PageSize;
    private const uint WalIndexVersion = 3007000;

    /// <summary>The snapshot of the read transaction open on <paramref name="connection"/>.</summary>
    public static unsafe (long Frames, long Pages, ulong Salts) Capture(Volume volume, SqliteConnection connection)
    {
        void* snapshot = null;
        var main = "main\0"u8;
        int rc;
        fixed (byte* schema = main)
        {
            rc = SqliteNative.SnapshotGet(connection.Handle!.DangerousGetHandle(), schema, &snapshot);
        }

        long pages;
        using (var count = connection.CreateCommand())
        {
            // The database size the read transaction sees (the WAL index header's, or the file's when the WAL is empty).
            count.CommandText = "PRAGMA page_count;";
            pages = (long)count.ExecuteScalar()!;
        }

        if (rc == SqliteNative.Error)
        {
            // SQLite gives no snapshot of a WAL that has never been written since it was reset: the view is the
            // database file alone.
            return (0, pages, 0);
        }

        if (rc != SqliteNative.Ok)
        {
            throw new VolumeException($"Cannot take a read snapshot of volume {volume.Manifest.VolumeId} (SQLite error {rc}).");
        }

        try
        {
            var header = new ReadOnlySpan<byte>(snapshot, 48);
            var version = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var pageSize = BinaryPrimitives.ReadUInt16LittleEndian(header[14..]);
            if (!BitConverter.IsLittleEndian || version != WalIndexVersion || header[12] != 1 || (pageSize != PageSize && pageSize != 0))
            {
                throw new VolumeException($"The read snapshot of volume {volume.Manifest.VolumeId} has a layout this build does not know (version {version}).");
            }

            var frames = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[20..]) != pages)
            {
                throw new VolumeException($"The read snapshot of volume {volume.Manifest.VolumeId} disagrees with its page count.");
            }

            return (frames, pages, BinaryPrimitives.ReadUInt64BigEndian(header[32..]));
        }
        finally
        {
            SqliteNative.SnapshotFree(snapshot);
        }
    }

    /// <summary>The pages 1…<paramref name="pages"/> of the snapshot; each memory is valid until the next is requested.</summary>
    /// <remarks>
    /// One case needs care. A reader that began when the WAL was wholly copied into the database file reads the
    /// database file only (SQLite's read lock 0), and that lock does not stop a writer from restarting the WAL and
    /// overwriting its frames. The database file then holds the whole snapshot and no checkpoint can change it while
    /// the read lock is held, so when a frame no longer belongs to the snapshot's WAL (the WAL header's salts have
    /// changed), every remaining page is read from the database file. A frame that fails authentication while the
    /// salts are unchanged is damage, and is reported.
    /// </remarks>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        Volume volume, long frames, long pages, ulong salts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var walPath = volume.DatabasePath + "-wal";
        var latest = frames == 0 ? [] : await MapWalAsync(volume, frames, salts, cancellationToken) ?? [];
        var cipher = volume.Cipher.Pages;
        var raw = new byte[PageSize];
        var plain = new byte[PageSize];
        var aad = new byte[25];
        await using var database = new FileStream(volume.DatabasePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using var wal = latest.Count == 0 ? null : new FileStream(walPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        for (uint page = 1; page <= pages; page++)
        {
            if (page == LockBytePage)
            {
                // SQLite never writes or reads the page holding its lock bytes (offset 1 GiB), so it was never
                // encrypted: an image carries it as zeros, as an unencrypted database file's hole reads.
                Array.Clear(plain);
                yield return plain;
                continue;
            }

            if (wal is not null && latest.TryGetValue(page, out var frame))
            {
                var offset = ChangeLogFormat.WalFrameOffset(frame.Index);
                var read = await RandomAccess.ReadAsync(wal.SafeFileHandle, raw, offset + 24, cancellationToken);
                WalFileState.AssociatedData(new LoggedFrame(offset, page, frame.Commit, salts), aad);
                if (read == PageSize && (cipher is null ? Copy(raw, plain) : cipher.TryDecrypt(raw, plain, aad)))
                {
                    yield return plain;
                    continue;
                }

                if (!await WalRestartedAsync(wal, salts, cancellationToken))
                {
                    throw new VolumeCorruptException(volume.Manifest.VolumeId, walPath, page, null);
                }

                latest.Clear();
            }

            var length = await RandomAccess.ReadAsync(database.SafeFileHandle, raw, (page - 1L) * PageSize, cancellationToken);
            if (length != PageSize || !(cipher is null ? Copy(raw, plain) : cipher.TryDecrypt(raw, plain, DatabaseFileState.AssociatedData(page, aad.AsSpan(0, 5)))))
            {
                throw new VolumeCorruptException(volume.Manifest.VolumeId, volume.DatabasePath, page, null);
            }

            yield return plain;
        }

        Array.Clear(plain);
    }

    /// <summary>The page that holds SQLite's lock bytes (<c>PENDING_BYTE</c> = 0x40000000): in databases over 1 GiB, never used.</summary>
    private const uint LockBytePage = (uint)(0x40000000L / PageSize) + 1;

    private static async Task<bool> WalRestartedAsync(FileStream wal, ulong salts, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        return await RandomAccess.ReadAsync(wal.SafeFileHandle, header, 16, cancellationToken) != header.Length ||
            BinaryPrimitives.ReadUInt64BigEndian(header) != salts;
    }

    private static bool Copy(byte[] raw, byte[] plain)
    {
        raw.CopyTo(plain, 0);
        return true;
    }

    /// <summary>
    /// For each page in the WAL's first <paramref name="frames"/> frames, its newest frame; <see langword="null"/> when
    /// the WAL has been restarted since the snapshot began (the database file then holds the whole snapshot).
    /// </summary>
    private static async Task<Dictionary<uint, (long Index, uint Commit)>?> MapWalAsync(Volume volume, long frames, ulong salts, CancellationToken cancellationToken)
    {
        var map = new Dictionary<uint, (long, uint)>();
        var header = new byte[24];
        await using var wal = new FileStream(volume.DatabasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        for (long index = 1; index <= frames; index++)
        {
            if (await RandomAccess.ReadAsync(wal.SafeFileHandle, header, ChangeLogFormat.WalFrameOffset(index), cancellationToken) != header.Length ||
                BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8)) != salts)
            {
                return await WalRestartedAsync(wal, salts, cancellationToken)
                    ? null
                    : throw new VolumeCorruptException(volume.Manifest.VolumeId, volume.DatabasePath + "-wal", BinaryPrimitives.ReadUInt32BigEndian(header), null);
            }

            map[BinaryPrimitives.ReadUInt32BigEndian(header)] = (index, BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)));
        }

        return map;
    }
}
