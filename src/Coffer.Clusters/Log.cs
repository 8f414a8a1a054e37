using Microsoft.Extensions.Logging;

namespace Coffer.Clusters;

/// <summary>The control plane's log messages (event ids 50–69 of the server's sequence). Never secrets or data.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 50, Level = LogLevel.Error, Message = "Background work on DB cluster {ResourceId} failed; it resumes at the next start")]
    public static partial void BackgroundWorkFailed(ILogger logger, string resourceId, Exception exception);

    [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "The KMS grant of DB cluster {ResourceId} was not retired ({Code}): it or its key is gone")]
    public static partial void GrantNotRetired(ILogger logger, string resourceId, string code);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "DB cluster {ResourceId} lost access to its KMS key: {Status}")]
    public static partial void KeyLost(ILogger logger, string resourceId, string status);

    [LoggerMessage(EventId = 53, Level = LogLevel.Error, Message = "An RDS event of DB cluster {ResourceId} was not recorded")]
    public static partial void EventNotRecorded(ILogger logger, string resourceId, Exception exception);

    [LoggerMessage(EventId = 54, Level = LogLevel.Error, Message = "DB cluster snapshot {SnapshotId} failed")]
    public static partial void SnapshotFailed(ILogger logger, string snapshotId, Exception exception);

    [LoggerMessage(EventId = 55, Level = LogLevel.Error, Message = "The restore of DB cluster {ResourceId} failed")]
    public static partial void RestoreFailed(ILogger logger, string resourceId, Exception exception);

    [LoggerMessage(EventId = 56, Level = LogLevel.Warning, Message = "The automated snapshot of DB cluster {ResourceId} was not taken ({Code})")]
    public static partial void AutomatedSnapshotSkipped(ILogger logger, string resourceId, string code);

    [LoggerMessage(EventId = 57, Level = LogLevel.Warning, Message = "The change log of DB cluster {ResourceId} was not sealed; it is sealed at the next attempt")]
    public static partial void LogNotSealed(ILogger logger, string resourceId, Exception exception);

    [LoggerMessage(EventId = 58, Level = LogLevel.Information, Message = "The retained automated backup {ResourceId} expired at the end of its {RetentionDays}-day retention period and was deleted")]
    public static partial void RetainedBackupExpired(ILogger logger, string resourceId, int retentionDays);

    [LoggerMessage(EventId = 59, Level = LogLevel.Information, Message = "Removed {Count} volume(s) that restores interrupted by a crash were building")]
    public static partial void AbandonedRestoresRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "The master user secret of DB cluster {ResourceId} was not deleted ({Code})")]
    public static partial void MasterUserSecretNotDeleted(ILogger logger, string resourceId, string code);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "An engine log record of DB instance {ResourceId} was not written ({Reason})")]
    public static partial void EngineLogNotWritten(ILogger logger, string resourceId, string reason, Exception? exception);

    [LoggerMessage(EventId = 62, Level = LogLevel.Debug, Message = "An engine log record for DB cluster {ResourceId} names no member instance; dropped")]
    public static partial void EngineLogInstanceUnknown(ILogger logger, string resourceId);

    [LoggerMessage(EventId = 63, Level = LogLevel.Critical, Message = "Engine log file {FileName} of DB instance {ResourceId} failed authentication at record {RecordNumber}")]
    public static partial void EngineLogCorrupt(ILogger logger, string resourceId, string fileName, long recordNumber);

    [LoggerMessage(EventId = 64, Level = LogLevel.Warning, Message = "The engine logs of DB instance {ResourceId} were not deleted")]
    public static partial void EngineLogsNotDeleted(ILogger logger, string resourceId, Exception exception);

    // Next free event id: 65.
}
