using System.Security.Cryptography;
using System.Text;
using Coffer.Storage.Volumes;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Tests.Volumes;

/// <summary>
/// Shared helpers of the volume and VFS tests: SQL shorthands, byte-level edits of volume files, and the on-disk
/// geometry (page N of data.db is at (N - 1) * 4096; WAL frame i starts at 32 + i * (24 + 4096)).
/// </summary>
internal static class VolumeTestSupport
{
    public const int PageSize = 4096;
    public const int WalHeaderSize = 32;
    public const int WalFrameHeaderSize = 24;
    public const int WalFrameSize = WalFrameHeaderSize + PageSize;

    /// <summary>Offset of the reserved trailer in a page: epoch id (12) ‖ counter (4) ‖ tag (16).</summary>
    public const int TrailerOffset = PageSize - 32;

    public const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static VolumeKeyMaterial KeyMaterial(byte[] dataKey) =>
        new(dataKey, [0xde, 0xad, 0xbe, 0xef], KeyArn, new Dictionary<string, string> { ["aws:rds:db-id"] = "cluster-TEST" });

    public static Volume Create(string directory, byte[] dataKey, VolumeOptions? options = null) =>
        Volume.Create(directory, KeyMaterial(dataKey), TimeProvider.System, options);

    public static string NewMarker() => "MARKER-" + Guid.NewGuid().ToString("N") + "-plaintext";

    public static string DatabasePath(string volumeDirectory) => Path.Combine(volumeDirectory, Volume.DatabaseFileName);

    public static string WalPath(string volumeDirectory) => DatabasePath(volumeDirectory) + "-wal";

    public static long PageOffset(long pageNumber) => (pageNumber - 1) * PageSize;

    public static long WalFrameOffset(long frameIndex) => WalHeaderSize + (frameIndex * WalFrameSize);

    public static int WalFrameCount(string walPath) => (int)((new FileInfo(walPath).Length - WalHeaderSize) / WalFrameSize);

    public static int Execute(SqliteConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    public static long Count(SqliteConnection connection, string table) => (long)Scalar(connection, $"SELECT COUNT(*) FROM {table}")!;

    public static List<object?[]> Rows(SqliteConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params object?[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i, parameters[i] ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs <paramref name="action"/>, which must fail with a SQLite error, and returns the volume's description of it.</summary>
    public static Exception DescribedFailure(Volume volume, Action action)
    {
        var exception = Assert.ThrowsAny<SqliteException>(action);
        return volume.Describe(exception);
    }

    public static void FlipBit(string file, long offset, int bit = 0)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        Assert.True(offset < stream.Length, $"offset {offset} is past the end of {file} ({stream.Length} bytes)");
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ (1 << bit)));
    }

    public static byte[] ReadBytes(string file, long offset, int count)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return buffer;
    }

    public static void WriteBytes(string file, long offset, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        Assert.True(offset + bytes.Length <= stream.Length, $"write past the end of {file}");
        stream.Position = offset;
        stream.Write(bytes);
    }

    public static byte[] ReadPage(string databasePath, long pageNumber) => ReadBytes(databasePath, PageOffset(pageNumber), PageSize);

    public static void WritePage(string databasePath, long pageNumber, ReadOnlySpan<byte> page) => WriteBytes(databasePath, PageOffset(pageNumber), page);

    /// <summary>Copies a file that SQLite may hold open (no exclusive share mode).</summary>
    public static void CopyOpenFile(string from, string to)
    {
        using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var target = new FileStream(to, FileMode.CreateNew, FileAccess.Write);
        source.CopyTo(target);
    }

    /// <summary>Copies volume.json, data.db and data.db-wal (not the WAL index) into a new directory.</summary>
    public static void CopyVolume(string from, string to)
    {
        Directory.CreateDirectory(to);
        CopyOpenFile(Path.Combine(from, Volume.ManifestFileName), Path.Combine(to, Volume.ManifestFileName));
        CopyOpenFile(DatabasePath(from), DatabasePath(to));
        if (File.Exists(WalPath(from)))
        {
            CopyOpenFile(WalPath(from), WalPath(to));
        }
    }

    /// <summary>The encodings a text marker could reach a file in: UTF-8 (the database's) and both UTF-16 orders.</summary>
    public static IReadOnlyList<byte[]> Encodings(string marker) =>
        [Encoding.UTF8.GetBytes(marker), Encoding.Unicode.GetBytes(marker), Encoding.BigEndianUnicode.GetBytes(marker)];

    /// <summary>The files among <paramref name="files"/> that contain the marker in any of its encodings.</summary>
    public static List<string> FilesContaining(IEnumerable<string> files, string marker)
    {
        var needles = Encodings(marker);
        var found = new List<string>();
        foreach (var file in files)
        {
            byte[] content;
            try
            {
                // An empty file cannot hold the marker; and FIFOs and sockets (the .NET runtime's debugger pipes in
                // /tmp, created by any process starting meanwhile) report length 0: opening one would block forever.
                if (new FileInfo(file).Length == 0)
                {
                    continue;
                }

                content = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Deleted or unreadable meanwhile (another test's files): not ours.
                continue;
            }

            if (needles.Any(needle => content.AsSpan().IndexOf(needle) >= 0))
            {
                found.Add(file);
            }
        }

        return found;
    }

    /// <summary>Every file under <paramref name="root"/>, tolerating directories that vanish while walking.</summary>
    public static HashSet<string> FilesUnder(string root)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            try
            {
                foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
                {
                    if (entry.LinkTarget is not null)
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo)
                    {
                        pending.Push(entry.FullName);
                    }
                    else
                    {
                        files.Add(entry.FullName);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Removed or unreadable while walking: not ours.
            }
        }

        return files;
    }

    /// <summary>
    /// The directories SQLite or .NET would put temporary files in: <see cref="Path.GetTempPath"/> and the unix VFS's
    /// first choice when TMPDIR is unset, /var/tmp.
    /// </summary>
    public static IReadOnlyList<string> TemporaryDirectories() =>
        new[] { Path.GetTempPath(), "/var/tmp" }.Where(Directory.Exists).Distinct(StringComparer.Ordinal).ToList();
}
