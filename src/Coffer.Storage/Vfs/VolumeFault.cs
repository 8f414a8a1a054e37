namespace Coffer.Storage.Vfs;

/// <summary>A page or WAL frame that failed authentication.</summary>
/// <param name="File">Which file: the database or its WAL.</param>
/// <param name="PageNumber">The database page number (for WAL frames, the page the frame holds).</param>
/// <param name="Offset">The byte offset of the page or frame in its file.</param>
internal sealed record VolumeFault(string File, long PageNumber, long Offset);
