using System.Runtime.InteropServices;

namespace Coffer.Storage.Vfs.Native;

/// <summary><c>struct sqlite3_io_methods</c>, version 3.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteIoMethods
{
    public int Version;
    public delegate* unmanaged<SqliteFile*, int> Close;
    public delegate* unmanaged<SqliteFile*, byte*, int, long, int> Read;
    public delegate* unmanaged<SqliteFile*, byte*, int, long, int> Write;
    public delegate* unmanaged<SqliteFile*, long, int> Truncate;
    public delegate* unmanaged<SqliteFile*, int, int> Sync;
    public delegate* unmanaged<SqliteFile*, long*, int> FileSize;
    public delegate* unmanaged<SqliteFile*, int, int> Lock;
    public delegate* unmanaged<SqliteFile*, int, int> Unlock;
    public delegate* unmanaged<SqliteFile*, int*, int> CheckReservedLock;
    public delegate* unmanaged<SqliteFile*, int, void*, int> FileControl;
    public delegate* unmanaged<SqliteFile*, int> SectorSize;
    public delegate* unmanaged<SqliteFile*, int> DeviceCharacteristics;
    public delegate* unmanaged<SqliteFile*, int, int, int, void**, int> ShmMap;
    public delegate* unmanaged<SqliteFile*, int, int, int, int> ShmLock;
    public delegate* unmanaged<SqliteFile*, void> ShmBarrier;
    public delegate* unmanaged<SqliteFile*, int, int> ShmUnmap;
    public delegate* unmanaged<SqliteFile*, long, int, void**, int> Fetch;
    public delegate* unmanaged<SqliteFile*, long, void*, int> Unfetch;
}
