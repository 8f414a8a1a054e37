using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Coffer.Storage.Vfs.Native;

namespace Coffer.Storage.Vfs;

/// <summary>
/// The <c>coffer</c> SQLite VFS: a shim over the default <c>unix</c> VFS that encrypts every page of a volume's
/// database and WAL. Only files of registered volumes can be opened, and only as a main database or its WAL:
/// rollback journals, temp files and any other file SQLite might create are refused, so no code path can write
/// plaintext. Memory-mapped reads are disabled (<c>xFetch</c> returns no mapping) so every read passes the cipher.
/// </summary>
internal static unsafe class CofferVfs
{
    /// <summary>The name to pass as <c>Vfs=</c> in connection strings.</summary>
    public const string Name = "coffer";

    private static readonly ConcurrentDictionary<string, VolumeCipher> Volumes = new(StringComparer.Ordinal);
    private static readonly Lock RegistrationLock = new();
    private static SqliteVfs* _original;
    private static SqliteIoMethods* _methods;
    private static bool _registered;

    /// <summary>Why the VFS last refused to open a file, for error messages.</summary>
    public static string? LastRefusal { get; private set; }

    /// <summary>Registers the VFS with SQLite once per process.</summary>
    public static void EnsureRegistered()
    {
        if (Volatile.Read(ref _registered))
        {
            return;
        }

        lock (RegistrationLock)
        {
            if (_registered)
            {
                return;
            }

            SQLitePCL.Batteries_V2.Init();
            var original = SqliteNative.VfsFind(null);
            if (original is null)
            {
                throw new InvalidOperationException("SQLite has no default VFS to wrap.");
            }

            var methods = (SqliteIoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(SqliteIoMethods));
            methods->Version = 3;
            methods->Close = &Close;
            methods->Read = &Read;
            methods->Write = &Write;
            methods->Truncate = &Truncate;
            methods->Sync = &Sync;
            methods->FileSize = &FileSize;
            methods->Lock = &LockFile;
            methods->Unlock = &Unlock;
            methods->CheckReservedLock = &CheckReservedLock;
            methods->FileControl = &FileControl;
            methods->SectorSize = &SectorSize;
            methods->DeviceCharacteristics = &DeviceCharacteristics;
            methods->ShmMap = &ShmMap;
            methods->ShmLock = &ShmLock;
            methods->ShmBarrier = &ShmBarrier;
            methods->ShmUnmap = &ShmUnmap;
            methods->Fetch = &Fetch;
            methods->Unfetch = &Unfetch;

            var vfs = (SqliteVfs*)NativeMemory.AllocZeroed((nuint)sizeof(SqliteVfs));
            *vfs = *original;
            vfs->Next = null;
            vfs->Name = (byte*)Marshal.StringToCoTaskMemUTF8(Name);
            vfs->OsFileSize = SqliteFile.HeaderSize + original->OsFileSize;
            vfs->Open = &Open;
            _original = original;
            _methods = methods;
            var rc = SqliteNative.VfsRegister(vfs, 0);
            if (rc != SqliteNative.Ok)
            {
                throw new InvalidOperationException($"Registering the coffer VFS failed with SQLite error {rc}.");
            }

            Volatile.Write(ref _registered, true);
        }
    }

    /// <summary>
    /// Makes the database at <paramref name="databasePath"/> (and its WAL) openable with <paramref name="cipher"/>.
    /// When the volume is already attached in this process (opened twice with its verified key), the existing cipher
    /// is shared and returned, and the caller disposes its own.
    /// </summary>
    public static VolumeCipher Attach(string databasePath, VolumeCipher cipher)
    {
        EnsureRegistered();
        databasePath = CanonicalPath(databasePath);
        lock (RegistrationLock)
        {
            if (Volumes.TryGetValue(databasePath, out var attached))
            {
                if (attached.VolumeName != cipher.VolumeName || (attached.Pages is null) != (cipher.Pages is null))
                {
                    throw new InvalidOperationException($"Another volume ({attached.VolumeName}) is still open at {databasePath}; close it first.");
                }

                attached.References++;
                return attached;
            }

            cipher.References = 1;
            Volumes[databasePath] = cipher;
            return cipher;
        }
    }

    /// <summary>Whether a volume is attached for <paramref name="databasePath"/> in this process.</summary>
    public static bool IsAttached(string databasePath)
    {
        if (!Volatile.Read(ref _registered))
        {
            return false;
        }

        databasePath = CanonicalPath(databasePath);
        lock (RegistrationLock)
        {
            return Volumes.ContainsKey(databasePath);
        }
    }

    /// <summary>
    /// Releases one attachment; the last makes the database unopenable again and returns <see langword="true"/>,
    /// telling the caller to dispose the cipher.
    /// </summary>
    public static bool Detach(string databasePath)
    {
        databasePath = CanonicalPath(databasePath);
        lock (RegistrationLock)
        {
            if (!Volumes.TryGetValue(databasePath, out var attached) || --attached.References > 0)
            {
                return false;
            }

            Volumes.TryRemove(databasePath, out _);
            return true;
        }
    }

    /// <summary>
    /// The name SQLite will pass to <c>xOpen</c> for <paramref name="path"/>: the wrapped VFS's full pathname, which
    /// resolves symbolic links. Volumes are registered under it, so a data directory reached through a link works.
    /// </summary>
    private static string CanonicalPath(string path)
    {
        var input = Encoding.UTF8.GetBytes(path + "\0");
        var output = new byte[_original->MaxPathname + 1];
        fixed (byte* name = input)
        fixed (byte* full = output)
        {
            // SQLITE_OK_SYMLINK (SQLITE_OK with an extended code) says a link was resolved: still a success.
            if ((_original->FullPathname(_original, name, output.Length, full) & 0xFF) != SqliteNative.Ok)
            {
                return path;
            }
        }

        var length = Array.IndexOf(output, (byte)0);
        return Encoding.UTF8.GetString(output, 0, length < 0 ? output.Length : length);
    }

    [UnmanagedCallersOnly]
    private static int Open(SqliteVfs* vfs, byte* zName, SqliteFile* file, int flags, int* outFlags)
    {
        file->Methods = null;
        try
        {
            var isJournal = (flags & SqliteNative.OpenMainJournal) != 0 && zName is not null;
            if (isJournal && JournalAllowed(Marshal.PtrToStringUTF8((IntPtr)zName)!) is { } journalVolume)
            {
                return OpenState(zName, file, flags, outFlags, real => new JournalFileState(journalVolume, (SqliteFile*)real, Marshal.PtrToStringUTF8((IntPtr)zName)!));
            }

            if (zName is null || (flags & (SqliteNative.OpenMainDb | SqliteNative.OpenWal)) == 0)
            {
                // Journals, temp databases, sub-journals and transient files would hold plaintext: refuse them.
                LastRefusal = $"refused to open {(zName is null ? "a temporary file" : Marshal.PtrToStringUTF8((IntPtr)zName))} (flags 0x{flags:x}): only a volume's database and WAL may be written";
                return SqliteNative.CantOpen;
            }

            var path = Marshal.PtrToStringUTF8((IntPtr)zName)!;
            var isWal = (flags & SqliteNative.OpenWal) != 0;
            var databasePath = isWal && path.EndsWith("-wal", StringComparison.Ordinal) ? path[..^4] : path;
            if (!Volumes.TryGetValue(databasePath, out var volume))
            {
                LastRefusal = $"refused to open {path}: no open volume has this database";
                return SqliteNative.CantOpen;
            }

            return OpenState(zName, file, flags, outFlags, real => isWal ? new WalFileState(volume, (SqliteFile*)real, path) : new DatabaseFileState(volume, (SqliteFile*)real, path));
        }
        catch (Exception)
        {
            return SqliteNative.CantOpen;
        }
    }

    private static int OpenState(byte* zName, SqliteFile* file, int flags, int* outFlags, Func<IntPtr, VfsFileState> createState)
    {
        var real = (SqliteFile*)((byte*)file + SqliteFile.HeaderSize);
        var rc = _original->Open(_original, zName, real, flags, outFlags);
        if (rc != SqliteNative.Ok)
        {
            return rc;
        }

        file->Real = real;
        file->State = GCHandle.ToIntPtr(GCHandle.Alloc(createState((IntPtr)real)));
        file->Methods = _methods;
        return SqliteNative.Ok;
    }

    private static VolumeCipher? JournalAllowed(string journalPath) =>
        journalPath.EndsWith("-journal", StringComparison.Ordinal) &&
        Volumes.TryGetValue(journalPath[..^8], out var volume) && volume.InitializingFile
            ? volume
            : null;

    [UnmanagedCallersOnly]
    private static int Close(SqliteFile* file)
    {
        try
        {
            var rc = file->Real->Methods is null ? SqliteNative.Ok : file->Real->Methods->Close(file->Real);
            if (file->State != IntPtr.Zero)
            {
                var handle = GCHandle.FromIntPtr(file->State);
                (handle.Target as VfsFileState)?.Dispose();
                handle.Free();
                file->State = IntPtr.Zero;
            }

            return rc;
        }
        catch (Exception)
        {
            return SqliteNative.IoErr;
        }
    }

    [UnmanagedCallersOnly]
    private static int Read(SqliteFile* file, byte* buffer, int amount, long offset)
    {
        try
        {
            return State(file).Read(buffer, amount, offset);
        }
        catch (Exception)
        {
            return SqliteNative.IoErrRead;
        }
    }

    [UnmanagedCallersOnly]
    private static int Write(SqliteFile* file, byte* buffer, int amount, long offset)
    {
        try
        {
            return State(file).Write(buffer, amount, offset);
        }
        catch (Exception)
        {
            return SqliteNative.IoErrWrite;
        }
    }

    [UnmanagedCallersOnly]
    private static int Truncate(SqliteFile* file, long size) => file->Real->Methods->Truncate(file->Real, size);

    [UnmanagedCallersOnly]
    private static int Sync(SqliteFile* file, int flags)
    {
        try
        {
            return State(file).Sync(flags);
        }
        catch (Exception)
        {
            return SqliteNative.IoErrFsync;
        }
    }

    [UnmanagedCallersOnly]
    private static int FileSize(SqliteFile* file, long* size) => file->Real->Methods->FileSize(file->Real, size);

    [UnmanagedCallersOnly]
    private static int LockFile(SqliteFile* file, int level) => file->Real->Methods->Lock(file->Real, level);

    [UnmanagedCallersOnly]
    private static int Unlock(SqliteFile* file, int level) => file->Real->Methods->Unlock(file->Real, level);

    [UnmanagedCallersOnly]
    private static int CheckReservedLock(SqliteFile* file, int* result) => file->Real->Methods->CheckReservedLock(file->Real, result);

    [UnmanagedCallersOnly]
    private static int FileControl(SqliteFile* file, int op, void* arg)
    {
        try
        {
            if (op == SqliteNative.FcntlPragma && PragmaGuard.Refusal((byte**)arg) is { } refusal)
            {
                ((byte**)arg)[0] = SqliteNative.AllocateMessage(refusal);
                return SqliteNative.Error;
            }

            if (op == SqliteNative.FcntlMmapSize)
            {
                // No memory-mapped I/O: every read must pass the cipher.
                *(long*)arg = 0;
            }

            return file->Real->Methods->FileControl(file->Real, op, arg);
        }
        catch (Exception)
        {
            return SqliteNative.Error;
        }
    }

    [UnmanagedCallersOnly]
    private static int SectorSize(SqliteFile* file) => file->Real->Methods->SectorSize(file->Real);

    [UnmanagedCallersOnly]
    private static int DeviceCharacteristics(SqliteFile* file) =>
        file->Real->Methods->DeviceCharacteristics(file->Real) & ~SqliteNative.IoCapSubpageRead;

    [UnmanagedCallersOnly]
    private static int ShmMap(SqliteFile* file, int region, int size, int extend, void** pointer) =>
        file->Real->Methods->ShmMap(file->Real, region, size, extend, pointer);

    [UnmanagedCallersOnly]
    private static int ShmLock(SqliteFile* file, int offset, int count, int flags) =>
        file->Real->Methods->ShmLock(file->Real, offset, count, flags);

    [UnmanagedCallersOnly]
    private static void ShmBarrier(SqliteFile* file) => file->Real->Methods->ShmBarrier(file->Real);

    [UnmanagedCallersOnly]
    private static int ShmUnmap(SqliteFile* file, int delete) => file->Real->Methods->ShmUnmap(file->Real, delete);

    [UnmanagedCallersOnly]
    private static int Fetch(SqliteFile* file, long offset, int amount, void** pointer)
    {
        *pointer = null;
        return SqliteNative.Ok;
    }

    [UnmanagedCallersOnly]
    private static int Unfetch(SqliteFile* file, long offset, void* pointer) => SqliteNative.Ok;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VfsFileState State(SqliteFile* file) => (VfsFileState)GCHandle.FromIntPtr(file->State).Target!;
}
