using SQLitePCL;

namespace Coffer.Data.DataApi;

/// <summary>
/// Cuts a running statement off: at the statement timeout (a <see cref="TimeProvider"/> timer) or when its token is
/// cancelled (the volume is closing because the key went away or the cluster stops), through
/// <c>sqlite3_interrupt</c>, so that a long statement never keeps holding the writer or a closing volume.
/// </summary>
internal sealed class StatementGuard : IDisposable
{
    private readonly ITimer? _timer;
    private readonly CancellationTokenRegistration _cancellation;
    private int _timedOut;

    public StatementGuard(sqlite3 db, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Timeout = timeout;
        if (timeout > TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            _timer = time.CreateTimer(
                _ =>
                {
                    Volatile.Write(ref _timedOut, 1);
                    raw.sqlite3_interrupt(db);
                },
                null,
                timeout,
                System.Threading.Timeout.InfiniteTimeSpan);
        }

        _cancellation = cancellationToken.Register(() => raw.sqlite3_interrupt(db));
        Token = cancellationToken;
    }

    /// <summary>The statement timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The token that cancels the statement.</summary>
    public CancellationToken Token { get; }

    /// <summary>Whether the timeout fired.</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut) == 1;

    /// <summary>The error for an interrupted statement: the timeout, or the cancellation.</summary>
    public Exception Interrupted() =>
        TimedOut
            ? DataApiErrors.StatementTimeout(Timeout)
            : Token.IsCancellationRequested
                ? new OperationCanceledException(Token)
                : DataApiErrors.DatabaseError("interrupted");

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        _cancellation.Dispose();
    }
}
