namespace Coffer.Storage.ChangeLog;

/// <summary>
/// A WAL frame as the change log records it: where it was in the WAL and the fields its page's associated data binds.
/// A frame whose <see cref="Commit"/> is not zero ends a transaction and holds the database size in pages.
/// </summary>
/// <param name="FrameOffset">The frame's byte offset in the WAL.</param>
/// <param name="PageNumber">The database page the frame holds.</param>
/// <param name="Commit">The commit field: the database size in pages on a commit frame, otherwise 0.</param>
/// <param name="Salts">The WAL salts the frame belongs to (salt-1 ‖ salt-2).</param>
internal readonly record struct LoggedFrame(long FrameOffset, uint PageNumber, uint Commit, ulong Salts);
