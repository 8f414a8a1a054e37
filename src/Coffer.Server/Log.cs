
namespace Coffer.Server;

/// <summary>
/// The server's log messages. Event ids 1–999 belong to the server; they are a contract and never reused.
/// Never log secrets, signatures, request bodies or key material here. Next free id: 27 (40–49 are KMS maintenance and
/// root-key rotation; next there: 43; 50–59 are Secrets Manager maintenance; next there: 52). Ids 23–26 are used by the audit trail (<c>src/Coffer.Audit/Log.cs</c>), which shares this sequence.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{RequestId} account={AccountId} region={Region} service={Service} operation={Operation} status={Status} duration={DurationMs:F1}ms")]
    public static partial void RequestCompleted(ILogger logger, string requestId, string accountId, string region, string service, string operation, int status, double durationMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{RequestId} failed with an unexpected error in service={Service} operation={Operation}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string requestId, string service, string operation);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{RequestId} was abandoned by the client")]
    public static partial void RequestAborted(ILogger logger, string requestId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Created a new root key at {Path} (mode 0600). For production, keep the root key outside the data directory, mounted from a secret store, and point COFFER_ROOT_KEY_FILE at it.")]
    public static partial void RootKeyCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Created account {AccountId} ({AccountName}) with admin access key {AccessKeyId}")]
    public static partial void AccountCreated(ILogger logger, string accountId, string accountName, string accessKeyId);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Coffer is listening on {Urls} with data in {DataDirectory}; services: {Services}")]
    public static partial void Listening(ILogger logger, string urls, string dataDirectory, string services);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Coffer is shutting down; in-flight requests are finishing")]
    public static partial void ShuttingDown(ILogger logger);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Coffer stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "Key maintenance (automatic rotation, final deletion) failed; it runs again at the next interval")]
    public static partial void KeyMaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Rotated {KeyArn} automatically")]
    public static partial void KeyRotatedAutomatically(ILogger logger, string keyArn);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Deleted {KeyArn} and its key material at the end of its waiting period")]
    public static partial void KeyDeleted(ILogger logger, string keyArn);

    [LoggerMessage(EventId = 50, Level = LogLevel.Error, Message = "Secrets maintenance (deletion at the end of recovery windows) failed; it runs again at the next interval")]
    public static partial void SecretMaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "Deleted {SecretArn} and every version of it at the end of its recovery window")]
    public static partial void SecretDeleted(ILogger logger, string secretArn);
}
