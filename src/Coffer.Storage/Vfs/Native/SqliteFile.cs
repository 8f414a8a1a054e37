using System.Runtime.InteropServices;

namespace Coffer.Storage.Vfs.Native;

/// <summary>
/// Our <c>sqlite3_file</c>: the methods pointer SQLite reads, a pointer to the wrapped <c>unix</c> file (which
/// follows this header in the same allocation), and a GCHandle to the managed per-file state.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteFile
{
    public SqliteIoMethods* Methods;
    public SqliteFile* Real;
    public IntPtr State;

    /// <summary>The size of this header; the real file starts right after it.</summary>
    public static readonly int HeaderSize = sizeof(SqliteFile);
}
