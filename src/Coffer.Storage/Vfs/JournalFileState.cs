using Coffer.Storage.Vfs.Native;

namespace Coffer.Storage.Vfs;

/// <summary>
/// A rollback journal, allowed only while a new, empty volume is switched to WAL mode (SQLite opens one for that).
/// It may hold journal headers, never a page image: any page-sized write is refused.
/// </summary>
internal sealed unsafe class JournalFileState(VolumeCipher volume, SqliteFile* real, string path) : VfsFileState(volume, real, path)
{
    /// <inheritdoc />
    public override int Read(byte* buffer, int amount, long offset) => RealRead(buffer, amount, offset);

    /// <inheritdoc />
    public override int Write(byte* buffer, int amount, long offset) =>
        amount >= PageCipher.PageSize ? SqliteNative.IoErrWrite : RealWrite(buffer, amount, offset);
}
