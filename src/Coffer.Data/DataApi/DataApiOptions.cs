namespace Coffer.Data.DataApi;

/// <summary>The Data API's limits (section <c>DataApi</c>), AWS's values by default.</summary>
public sealed class DataApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DataApi";

    /// <summary>How long a call waits for its statement before StatementTimeoutException (AWS: 45 seconds).</summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How long a statement sent with <c>continueAfterTimeout</c> may keep running after its call returned, before it
    /// is cut off too, so that no statement holds the writer without end.
    /// </summary>
    public TimeSpan MaxStatementDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A transaction with no call for this long is rolled back (AWS: 3 minutes).</summary>
    public TimeSpan TransactionIdleTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A transaction older than this is rolled back (AWS: 24 hours).</summary>
    public TimeSpan TransactionMaxLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often idle and expired transactions are looked for.</summary>
    public TimeSpan TransactionSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest response ExecuteStatement returns (AWS: 1 MiB; <c>formattedRecords</c> may be ten times that).</summary>
    public int ResponseLimitBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest BatchExecuteStatement request (AWS: 4 MiB).</summary>
    public int BatchRequestLimitBytes { get; set; } = 4 * 1024 * 1024;
}
