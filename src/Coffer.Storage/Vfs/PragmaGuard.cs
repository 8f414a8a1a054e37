using System.Runtime.InteropServices;

namespace Coffer.Storage.Vfs;

/// <summary>
/// PRAGMAs that would let SQL write plaintext or weaken the volume are refused at the VFS, whatever the caller:
/// leaving WAL mode, file-backed temp storage, memory-mapped I/O, and changes of the page layout.
/// </summary>
internal static unsafe class PragmaGuard
{
    /// <summary>The refusal message for <c>PRAGMA name = value</c>, or <see langword="null"/> to let it run.</summary>
    /// <param name="arguments">SQLite's <c>SQLITE_FCNTL_PRAGMA</c> array: [error out, name, value or NULL].</param>
    public static string? Refusal(byte** arguments)
    {
        var name = Marshal.PtrToStringUTF8((IntPtr)arguments[1])?.ToLowerInvariant();
        var value = arguments[2] is null ? null : Marshal.PtrToStringUTF8((IntPtr)arguments[2])?.Trim().Trim('\'', '"').ToLowerInvariant();
        if (value is null || name is null)
        {
            return null;
        }

        return name switch
        {
            "journal_mode" when value != "wal" => "Coffer volumes run in WAL mode only: other journal modes would write unencrypted page images.",
            "temp_store" when value is not ("memory" or "2") => "Coffer volumes keep temporary data in memory only (temp_store=MEMORY): temp files would be unencrypted.",
            "mmap_size" when value != "0" => "Memory-mapped I/O is disabled on Coffer volumes: every read passes the page cipher.",
            "page_size" when value != "4096" => "Coffer volumes use 4096-byte pages.",
            "key" or "rekey" or "hexkey" or "hexrekey" or "cipher" => "Volume keys are managed by Coffer, not by PRAGMA.",
            _ => null,
        };
    }
}
