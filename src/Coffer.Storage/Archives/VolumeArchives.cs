using System.Security.Cryptography;
using Coffer.Storage.Vfs;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Archives;

/// <summary>
/// Snapshots, restores, re-encrypts and verifies volume archives. An archive of a volume holds its database image:
/// the plaintext pages 1…n of a consistent state, encrypted under the archive's own data key.
/// </summary>
public static class VolumeArchives
{
    /// <summary>What a restore names the sibling directory it builds a volume in: <c>&lt;directory&gt;.restoring-&lt;hex&gt;</c>.</summary>
    private const string BuildingInfix = ".restoring-";

    /// <summary>
    /// Writes an archive of <paramref name="source"/> as it is at one moment (unencrypted when <paramref name="archiveKey"/>
    /// is <see langword="null"/>, as snapshots of unencrypted volumes are), without blocking its writers: a read
    /// transaction fixes the view (in WAL mode readers never block writers) and its pages are read straight from the
    /// database and WAL files, decrypted once and streamed into the archive (see <see cref="SnapshotPageReader"/>). When
    /// the volume keeps a change log, the view is taken at an exact log position, recorded in the manifest.
    /// </summary>
    public static async Task<ArchiveManifest> WriteSnapshotAsync(Volume source, Stream output, VolumeKeyMaterial? archiveKey, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var connection = source.OpenConnection();
        ChangeLog.ChangeLogPosition? position = null;
        (long Frames, long Pages, ulong Salts) view;
        try
        {
            if (source.ChangeLog is { } log)
            {
                position = BeginAtLogPosition(source, connection, log);
            }
            else
            {
                using var begin = connection.CreateCommand();
                begin.CommandText = "BEGIN; SELECT count(*) FROM sqlite_schema;";
                begin.ExecuteScalar();
            }

            view = SnapshotPageReader.Capture(source, connection);
        }
        catch (SqliteException e)
        {
            throw source.Describe(e);
        }

        await using var writer = await ArchiveWriter.CreateAsync(output, archiveKey, ArchiveHeader.VolumeImage, source.Manifest.VolumeId, time, cancellationToken);
        if (position is { } at)
        {
            writer.LogRange = (null, at.Lsn, at.CommitTime);
        }

        await foreach (var page in SnapshotPageReader.ReadAsync(source, view.Frames, view.Pages, view.Salts, cancellationToken))
        {
            await writer.WriteAsync(page, cancellationToken);
        }

        var manifest = await writer.CompleteAsync(cancellationToken);
        using (var end = connection.CreateCommand())
        {
            end.CommandText = "COMMIT;";
            end.ExecuteNonQuery();
        }

        return manifest;
    }

    /// <summary>
    /// Starts a read transaction on <paramref name="connection"/> at exactly a change log position: another connection
    /// holds the write lock for the instant it takes (waiting for a writer in progress to finish), so every commit the
    /// log holds is visible and no other can land in between. Writers wait for microseconds, not for the snapshot.
    /// </summary>
    private static ChangeLog.ChangeLogPosition BeginAtLogPosition(Volume source, SqliteConnection connection, ChangeLog.ChangeLogWriter log)
    {
        using var gate = source.OpenConnection();
        using var lockCommand = gate.CreateCommand();
        lockCommand.CommandText = "BEGIN IMMEDIATE;";
        lockCommand.ExecuteNonQuery();
        try
        {
            using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN; SELECT count(*) FROM sqlite_schema;";
            begin.ExecuteScalar();
            return log.Position;
        }
        finally
        {
            lockCommand.CommandText = "ROLLBACK;";
            lockCommand.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Restores an archive into a new volume at <paramref name="directory"/>, encrypted under
    /// <paramref name="volumeKey"/> (or unencrypted when it is <see langword="null"/>). The volume is built in a
    /// sibling directory and moved into place only after the whole archive has been verified.
    /// </summary>
    /// <exception cref="ArchiveCorruptException">The archive fails verification; nothing is left at <paramref name="directory"/>.</exception>
    public static Task<Volume> RestoreAsync(Stream archive, byte[]? archiveDataKey, string directory, VolumeKeyMaterial? volumeKey, TimeProvider time, CancellationToken cancellationToken, VolumeOptions? options = null) =>
        RestoreAsync(archive, archiveDataKey, directory, volumeKey, time, null, options, cancellationToken);

    /// <summary>
    /// Restores as <see cref="RestoreAsync(Stream, byte[], string, VolumeKeyMaterial, TimeProvider, CancellationToken, VolumeOptions)"/>,
    /// calling <paramref name="afterImage"/> with the new database file, its cipher and the verified archive manifest
    /// before the volume is moved into place (point-in-time restore replays the change log there).
    /// </summary>
    internal static async Task<Volume> RestoreAsync(
        Stream archive,
        byte[]? archiveDataKey,
        string directory,
        VolumeKeyMaterial? volumeKey,
        TimeProvider time,
        Func<string, VolumeCipher, ArchiveManifest, CancellationToken, Task>? afterImage,
        VolumeOptions? options,
        CancellationToken cancellationToken)
    {
        directory = Path.GetFullPath(directory);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new VolumeException($"Cannot restore into {directory}: the directory is not empty.");
        }

        using var reader = await ArchiveReader.OpenAsync(archive, cancellationToken);
        if (reader.Header.Kind != ArchiveHeader.VolumeImage)
        {
            throw new ArchiveCorruptException($"Archive {reader.Header.ArchiveId} holds '{reader.Header.Kind}', not a volume image.");
        }

        Unlock(reader, archiveDataKey);
        var building = $"{directory}{BuildingInfix}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        try
        {
            var (_, cipher) = Volume.Prepare(building, volumeKey, time);
            using (cipher)
            {
                var databasePath = Path.Combine(building, Volume.DatabaseFileName);
                await WritePagesAsync(reader, cipher, databasePath, cancellationToken);
                if (afterImage is not null)
                {
                    await afterImage(databasePath, cipher, reader.Manifest!, cancellationToken);
                }
            }

            if (Directory.Exists(directory))
            {
                Directory.Delete(directory);
            }

            Directory.Move(building, directory);
        }
        catch
        {
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }

            throw;
        }

        var volume = volumeKey is null ? Volume.OpenUnencrypted(directory, options) : Volume.Open(directory, volumeKey.DataKey, options);
        try
        {
            using var connection = volume.OpenConnection();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check;";
            var result = check.ExecuteScalar() as string;
            if (result != "ok")
            {
                throw new ArchiveCorruptException($"The database restored from archive {reader.Header.ArchiveId} fails SQLite's check: {result}");
            }

            return volume;
        }
        catch
        {
            volume.Dispose();
            Volume.Delete(directory);
            throw;
        }
    }

    /// <summary>
    /// Removes the directories in which restores into <paramref name="parent"/> were building volumes when a crash
    /// (<c>kill -9</c>, power loss) stopped them: never moved into place, so nothing refers to them. Call it at start,
    /// before any restore of this process begins; returns how many were removed.
    /// </summary>
    public static int RemoveAbandonedRestores(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return 0;
        }

        var removed = 0;
        foreach (var building in Directory.EnumerateDirectories(parent, "*" + BuildingInfix + "*"))
        {
            Volume.Delete(building);
            removed++;
        }

        return removed;
    }

    /// <summary>
    /// Copies an archive under a new data key: a new archive id, new record keys, every record re-encrypted — not just
    /// the key re-wrapped. The content (and its hash) is unchanged.
    /// </summary>
    public static async Task<ArchiveManifest> ReEncryptAsync(Stream input, byte[]? sourceDataKey, Stream output, VolumeKeyMaterial? newKey, TimeProvider time, CancellationToken cancellationToken)
    {
        using var reader = await ArchiveReader.OpenAsync(input, cancellationToken);
        Unlock(reader, sourceDataKey);
        await using var writer = await ArchiveWriter.CreateAsync(output, newKey, reader.Header.Kind, reader.Header.SourceVolumeId, time, cancellationToken, reader.Header.ChunkSize);
        await foreach (var chunk in reader.ReadContentAsync(cancellationToken))
        {
            await writer.WriteAsync(chunk, cancellationToken);
        }

        return await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>Reads a whole archive and checks every record and its manifest; returns the manifest.</summary>
    /// <exception cref="ArchiveCorruptException">It fails verification.</exception>
    public static async Task<ArchiveManifest> VerifyAsync(Stream input, byte[]? dataKey, CancellationToken cancellationToken)
    {
        using var reader = await ArchiveReader.OpenAsync(input, cancellationToken);
        Unlock(reader, dataKey);
        await foreach (var _ in reader.ReadContentAsync(cancellationToken))
        {
        }

        return reader.Manifest!;
    }

    /// <summary>Gives an encrypted archive its key; an unencrypted one must get none.</summary>
    private static void Unlock(ArchiveReader reader, byte[]? dataKey)
    {
        if (reader.IsEncrypted != dataKey is not null)
        {
            throw new ArchiveCorruptException(reader.IsEncrypted
                ? $"Archive {reader.Header.ArchiveId} is encrypted: its data key is needed."
                : $"Archive {reader.Header.ArchiveId} is not encrypted; no data key applies to it.");
        }

        if (dataKey is not null)
        {
            reader.Unlock(dataKey);
        }
    }

    private static async Task WritePagesAsync(ArchiveReader reader, VolumeCipher cipher, string databasePath, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(databasePath, PrivateFiles.WriteOptions(FileMode.CreateNew, 1 << 16));
        var page = new byte[PageCipher.PageSize];
        var sealedPage = new byte[PageCipher.PageSize];
        var aad = new byte[5];
        var filled = 0;
        long pageNumber = 0;
        await foreach (var chunk in reader.ReadContentAsync(cancellationToken))
        {
            var remaining = chunk;
            while (!remaining.IsEmpty)
            {
                var take = Math.Min(remaining.Length, page.Length - filled);
                remaining.Span[..take].CopyTo(page.AsSpan(filled));
                filled += take;
                remaining = remaining[take..];
                if (filled < page.Length)
                {
                    continue;
                }

                pageNumber++;
                if (pageNumber == 1)
                {
                    if (!DatabaseFileState.HasCofferLayout(page))
                    {
                        throw new ArchiveCorruptException($"Archive {reader.Header.ArchiveId} does not hold a Coffer volume image (page 1 layout).");
                    }

                    // File format versions 2/2: the restored database opens in WAL mode, the only mode volumes allow.
                    page[18] = 2;
                    page[19] = 2;
                }

                if (cipher.Pages is { } pages)
                {
                    pages.Encrypt(page, sealedPage, DatabaseFileState.AssociatedData(pageNumber, aad));
                    await file.WriteAsync(sealedPage, cancellationToken);
                }
                else
                {
                    await file.WriteAsync(page, cancellationToken);
                }

                filled = 0;
            }
        }

        if (filled != 0 || pageNumber == 0)
        {
            throw new ArchiveCorruptException($"Archive {reader.Header.ArchiveId} does not hold whole 4096-byte pages.");
        }

        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
        CryptographicOperations.ZeroMemory(page);
    }
}
