namespace Coffer.Storage.ChangeLog;

/// <summary>A point in a volume's change log: the last committed transaction and when it committed.</summary>
/// <param name="Lsn">The transaction's log sequence number (1 for a volume's first logged commit; 0 before any).</param>
/// <param name="CommitTime">When it committed (the time the log was opened when <paramref name="Lsn"/> is 0).</param>
public readonly record struct ChangeLogPosition(long Lsn, DateTimeOffset CommitTime);
