using Microsoft.Extensions.Logging;

namespace Coffer.Data.DataApi;

/// <summary>The Data API's log messages (event ids 70–79). None carries SQL text, a parameter value or a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "A statement that continued after its call timed out has ended: {Outcome}")]
    public static partial void ContinuedStatementEnded(ILogger logger, string outcome);

    [LoggerMessage(EventId = 71, Level = LogLevel.Information, Message = "Transaction on DB cluster {ResourceId} ended: {Reason}")]
    public static partial void TransactionEnded(ILogger logger, string resourceId, string reason);
}
