using System.Runtime.InteropServices;

namespace Coffer.Storage.Vfs.Native;

/// <summary><c>struct sqlite3_vfs</c>, version 3.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteVfs
{
    public int Version;
    public int OsFileSize;
    public int MaxPathname;
    public SqliteVfs* Next;
    public byte* Name;
    public void* AppData;
    public delegate* unmanaged<SqliteVfs*, byte*, SqliteFile*, int, int*, int> Open;
    public delegate* unmanaged<SqliteVfs*, byte*, int, int> Delete;
    public delegate* unmanaged<SqliteVfs*, byte*, int, int*, int> Access;
    public delegate* unmanaged<SqliteVfs*, byte*, int, byte*, int> FullPathname;
    public void* DlOpen;
    public void* DlError;
    public void* DlSym;
    public void* DlClose;
    public void* Randomness;
    public void* Sleep;
    public void* CurrentTime;
    public void* GetLastError;
    public void* CurrentTimeInt64;
    public void* SetSystemCall;
    public void* GetSystemCall;
    public void* NextSystemCall;
}
