using System.Runtime.InteropServices;

namespace Coffer.Storage.Vfs.Native;

/// <summary>
/// The few SQLite C functions SQLitePCLRaw does not expose, bound to the same <c>e_sqlite3</c> library it loads,
/// and the result codes and flags the VFS uses (values from sqlite3.h).
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    public const int Ok = 0;
    public const int Error = 1;
    public const int Busy = 5;
    public const int NoMem = 7;
    public const int IoErr = 10;
    public const int NotFound = 12;
    public const int CantOpen = 14;

    public const int IoErrRead = IoErr | (1 << 8);
    public const int IoErrShortRead = IoErr | (2 << 8);
    public const int IoErrWrite = IoErr | (3 << 8);
    public const int IoErrFsync = IoErr | (4 << 8);
    public const int IoErrData = IoErr | (32 << 8);
    public const int CantOpenNoTempDir = CantOpen | (1 << 8);

    public const int OpenReadOnly = 0x00000001;
    public const int OpenDeleteOnClose = 0x00000008;
    public const int OpenMainDb = 0x00000100;
    public const int OpenTempDb = 0x00000200;
    public const int OpenTransientDb = 0x00000400;
    public const int OpenMainJournal = 0x00000800;
    public const int OpenTempJournal = 0x00001000;
    public const int OpenSubjournal = 0x00002000;
    public const int OpenSuperJournal = 0x00004000;
    public const int OpenWal = 0x00080000;

    public const int FcntlReserveBytes = 38;
    public const int FcntlMmapSize = 18;
    public const int FcntlPragma = 14;

    public const int IoCapSubpageRead = 0x00008000;

    [LibraryImport(Library, EntryPoint = "sqlite3_vfs_find")]
    public static partial SqliteVfs* VfsFind(byte* name);

    [LibraryImport(Library, EntryPoint = "sqlite3_vfs_register")]
    public static partial int VfsRegister(SqliteVfs* vfs, int makeDefault);

    [LibraryImport(Library, EntryPoint = "sqlite3_file_control")]
    public static partial int FileControl(IntPtr db, byte* dbName, int op, void* arg);

    [LibraryImport(Library, EntryPoint = "sqlite3_snapshot_get")]
    public static partial int SnapshotGet(IntPtr db, byte* schema, void** snapshot);

    [LibraryImport(Library, EntryPoint = "sqlite3_snapshot_free")]
    public static partial void SnapshotFree(void* snapshot);

    [LibraryImport(Library, EntryPoint = "sqlite3_malloc64")]
    public static partial byte* Malloc64(ulong size);

    /// <summary>Copies a message into SQLite-owned memory, as <c>SQLITE_FCNTL_PRAGMA</c> error strings must be.</summary>
    public static byte* AllocateMessage(string message)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(message);
        var pointer = Malloc64((ulong)bytes.Length + 1);
        if (pointer is not null)
        {
            bytes.CopyTo(new Span<byte>(pointer, bytes.Length));
            pointer[bytes.Length] = 0;
        }

        return pointer;
    }
}
