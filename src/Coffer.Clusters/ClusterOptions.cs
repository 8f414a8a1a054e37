namespace Coffer.Clusters;

/// <summary>The RDS control plane's settings; AWS's values are the defaults.</summary>
public sealed record ClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Clusters";

    /// <summary>Where cluster volumes live (set by the host: <c>&lt;data-dir&gt;/clusters</c>).</summary>
    public string Directory { get; init; } = "clusters";

    /// <summary>Where snapshot archives live (set by the host: <c>&lt;data-dir&gt;/snapshots</c>).</summary>
    public string SnapshotDirectory { get; init; } = "snapshots";

    /// <summary>Manual DB cluster snapshots per account and region (AWS's default quota: 100).</summary>
    public int MaxManualSnapshotsPerAccount { get; init; } = 100;

    /// <summary>Accounts a manual snapshot can be shared with (AWS: 20).</summary>
    public int MaxSharedAccounts { get; init; } = 20;

    /// <summary>DB clusters per account and region (AWS's default quota: 40).</summary>
    public int MaxClustersPerAccount { get; init; } = 40;

    /// <summary>How long a cluster whose key became unusable can be recovered (AWS: 7 days).</summary>
    public TimeSpan RecoverableWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often each available cluster's automated snapshot is taken (AWS: daily, in the backup window). Default 1 day.</summary>
    public TimeSpan AutomatedBackupInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often each available cluster's change log is sealed into the archive store and its expired backups pruned.
    /// Default 5 minutes, as Aurora's log upload: the most a restore can lose if the cluster's key is lost meanwhile.
    /// </summary>
    public TimeSpan LogSealInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Statements that take at least this long go to the DB instance's slow-statement log
    /// (<c>slowquery/sqlite-slowquery.log.*</c>). Default 1 second (<c>Clusters:SlowStatementThreshold</c>, e.g. <c>"00:00:01"</c>).
    /// </summary>
    public TimeSpan SlowStatementThreshold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a DB instance's hourly engine log files are kept; older ones are deleted when a new hour's file is
    /// started. Default 3 days (<c>Clusters:EngineLogRetention</c>).
    /// </summary>
    public TimeSpan EngineLogRetention { get; init; } = TimeSpan.FromDays(3);
}
