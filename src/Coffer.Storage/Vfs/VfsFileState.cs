using Coffer.Storage.Vfs.Native;

namespace Coffer.Storage.Vfs;

/// <summary>
/// The managed side of one file opened through the Coffer VFS. Each SQLite connection opens its own files and uses
/// them from one thread at a time, so the scratch buffers here need no locking; the shared <see cref="VolumeCipher"/>
/// is thread-safe.
/// </summary>
internal abstract unsafe class VfsFileState(VolumeCipher volume, SqliteFile* real, string path) : IDisposable
{
    /// <summary>The volume the file belongs to.</summary>
    public VolumeCipher Volume { get; } = volume;

    /// <summary>The wrapped <c>unix</c> file.</summary>
    public SqliteFile* Real { get; } = real;

    /// <summary>The file's path, for messages.</summary>
    public string Path { get; } = path;

    /// <summary>Reads, decrypting.</summary>
    public abstract int Read(byte* buffer, int amount, long offset);

    /// <summary>Writes, encrypting.</summary>
    public abstract int Write(byte* buffer, int amount, long offset);

    /// <summary>Makes the file durable.</summary>
    public virtual int Sync(int flags) => Real->Methods->Sync(Real, flags);

    /// <summary>Releases per-file resources when SQLite closes the file.</summary>
    public virtual void Dispose()
    {
    }

    protected int RealRead(byte* buffer, int amount, long offset) => Real->Methods->Read(Real, buffer, amount, offset);

    protected int RealWrite(byte* buffer, int amount, long offset) => Real->Methods->Write(Real, buffer, amount, offset);

    protected static bool IsAllZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}
