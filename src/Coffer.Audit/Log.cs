using Microsoft.Extensions.Logging;

namespace Coffer.Audit;

/// <summary>
/// The audit trail's log messages. Their event ids come from the server's shared sequence (see
/// <c>src/Coffer.Server/Log.cs</c>): 23–26 are the audit trail's. Never log a record's parameters here.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "Writing {Count} audit events failed (attempt {Attempt}); they stay queued and are retried")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Audit event {EventName} from {EventSource} carried the field {Field}, which may hold a secret; it was removed before storing")]
    public static partial void FieldScrubbed(ILogger logger, string eventName, string eventSource, string field);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Deleted {Count} audit events older than {Cutoff:O}")]
    public static partial void Pruned(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 26, Level = LogLevel.Critical, Message = "The audit writer stopped with {Count} events not written")]
    public static partial void WriterStopped(ILogger logger, Exception exception, int count);
}
