using System.Globalization;
using System.Text;
using Coffer.Primitives;
using Coffer.Storage.Logs;
using Coffer.Storage.Volumes;
using Microsoft.Extensions.Logging;

namespace Coffer.Clusters;

/// <summary>
/// Each DB instance's engine logs, kept in its cluster's volume (<c>logs/&lt;instance resource id&gt;/</c>) and sealed
/// under a key derived from the cluster's data key (<see cref="VolumeLogs"/>): the error log
/// <c>error/sqlite-error.log.YYYY-MM-DD.HH</c> and the slow-statement log <c>slowquery/sqlite-slowquery.log.YYYY-MM-DD.HH</c>,
/// one file per UTC hour (the hour of the records it holds), kept for <see cref="ClusterOptions.EngineLogRetention"/>.
/// Logs are written and read only while the cluster's volume is open: a stopped cluster, or one whose key is lost, has
/// no key to seal or open them with. The Record methods are cheap and never throw: a record that cannot be written is
/// reported to the operator's log (without its text) and dropped.
/// </summary>
public sealed class EngineLogs
{
    /// <summary>The name of an error log file, before its <c>.YYYY-MM-DD.HH</c> suffix.</summary>
    public const string ErrorLogName = "error/sqlite-error.log";

    /// <summary>The name of a slow-statement log file, before its <c>.YYYY-MM-DD.HH</c> suffix.</summary>
    public const string SlowQueryLogName = "slowquery/sqlite-slowquery.log";

    /// <summary>The most lines DownloadDBLogFilePortion returns at once, as RDS.</summary>
    public const int MaxLinesPerPortion = 10000;

    /// <summary>The most bytes of text DownloadDBLogFilePortion returns at once (1 MB), as RDS.</summary>
    public const int MaxBytesPerPortion = 1024 * 1024;

    private readonly ClusterService _clusters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal EngineLogs(ClusterService clusters, TimeProvider time, ILogger logger)
    {
        _clusters = clusters;
        _time = time;
        _logger = logger;
    }

    /// <summary>The statements slower than this go to the slow-statement log (<c>Clusters:SlowStatementThreshold</c>).</summary>
    public TimeSpan SlowStatementThreshold => _clusters.Options.SlowStatementThreshold;

    /// <summary>Records an engine error of the instance <paramref name="instanceIdentifier"/> of <paramref name="cluster"/> in its error log.</summary>
    public void RecordError(DbCluster cluster, string instanceIdentifier, string message)
    {
        if (cluster is null || instanceIdentifier is null || message is null)
        {
            return;
        }

        if (FindMember(cluster, instanceIdentifier) is { } instance)
        {
            Write(cluster, instance, ErrorLogName, "[Error] " + message);
        }
    }

    /// <summary>
    /// Records a statement of the instance <paramref name="instanceIdentifier"/> in its slow-statement log when
    /// <paramref name="elapsed"/> reaches <see cref="SlowStatementThreshold"/>: time, duration, rows and the SQL text as
    /// the caller wrote it. Pass the text with its placeholders, never bound parameter values: none are recorded.
    /// </summary>
    public void RecordSlowStatement(DbCluster cluster, string instanceIdentifier, string sql, TimeSpan elapsed, long rows)
    {
        if (cluster is null || instanceIdentifier is null || sql is null || elapsed < SlowStatementThreshold)
        {
            return;
        }

        if (FindMember(cluster, instanceIdentifier) is { } instance)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"duration={elapsed.TotalSeconds:0.000000}s rows={rows} sql={sql}");
            Write(cluster, instance, SlowQueryLogName, line);
        }
    }

    /// <summary>DescribeDBLogFiles: the instance's log files (names as DownloadDBLogFilePortion takes them).</summary>
    public IReadOnlyList<LogFileInfo> ListFiles(DbCluster cluster, DbInstance instance)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(instance);
        return WithVolume(cluster, instance, volume => volume.Logs.List(instance.ResourceId));
    }

    /// <summary>
    /// DownloadDBLogFilePortion over the lines (records) of <paramref name="logFileName"/>. <paramref name="marker"/> is
    /// the line to start from (<c>"0"</c>: the first); without a marker, <paramref name="numberOfLines"/> takes the last
    /// lines of the file, and without either the file is read from its first line. At most
    /// <see cref="MaxLinesPerPortion"/> lines and <see cref="MaxBytesPerPortion"/> bytes; the marker returned is the
    /// next line, and AdditionalDataPending is false once the end is reached.
    /// </summary>
    public EngineLogPortion Download(DbCluster cluster, DbInstance instance, string logFileName, string? marker, int? numberOfLines)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(instance);
        if (numberOfLines is < 1)
        {
            throw RdsErrors.InvalidParameterValue($"Invalid value {numberOfLines} for NumberOfLines: it must be positive.");
        }

        long? start = null;
        if (marker is not null)
        {
            start = long.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw RdsErrors.InvalidParameterValue($"Invalid Marker {marker} for DownloadDBLogFilePortion.");
        }

        var name = instance.ResourceId + "/" + logFileName;
        var lines = WithVolume(cluster, instance, volume =>
        {
            if (!VolumeLogs.IsValidName(name) || !volume.Logs.Exists(name))
            {
                throw LogFileNotFound(logFileName, instance.Identifier);
            }

            return volume.Logs.Read(name);
        });
        var count = Math.Min(numberOfLines ?? MaxLinesPerPortion, MaxLinesPerPortion);
        var first = start ?? (numberOfLines is null ? 0 : Math.Max(0, lines.Count - count));
        if (first > lines.Count)
        {
            throw RdsErrors.InvalidParameterValue($"Invalid Marker {marker} for log file {logFileName}: it has {lines.Count} lines.");
        }

        var text = new StringBuilder();
        var bytes = 0;
        var next = (int)first;
        while (next < lines.Count && next - first < count)
        {
            var line = lines[next].Text + "\n";
            var size = Encoding.UTF8.GetByteCount(line);
            if (next > first && bytes + size > MaxBytesPerPortion)
            {
                break;
            }

            text.Append(line);
            bytes += size;
            next++;
        }

        return new EngineLogPortion(text.ToString(), next.ToString(CultureInfo.InvariantCulture), next < lines.Count);
    }

    /// <summary>Records an engine event (start, stop, reboot, recovery…) in the instance's error log.</summary>
    internal void RecordNote(DbCluster cluster, DbInstance instance, string message) => Write(cluster, instance, ErrorLogName, "[Note] " + message);

    /// <summary>
    /// Records that <paramref name="instance"/> started as a member of <paramref name="cluster"/>, when the cluster's
    /// volume is open; a member added while the cluster is being created is noted by <see cref="RecordMembersStarted"/>.
    /// </summary>
    internal void RecordInstanceStarted(DbCluster cluster, DbInstance instance)
    {
        if (_clusters.OpenVolume(cluster.ResourceId) is not null)
        {
            RecordNote(cluster, instance, $"Instance {instance.Identifier} ({instance.InstanceClass}) started as a member of DB cluster {cluster.Identifier}, SQLite {cluster.EngineVersion}.");
        }
    }

    /// <summary>Records the start of every member a newly created cluster already has, once its volume exists.</summary>
    internal void RecordMembersStarted(DbCluster cluster)
    {
        foreach (var member in _clusters.Instances?.MembersOf(cluster.ResourceId).ToList() ?? [])
        {
            RecordInstanceStarted(cluster, member);
        }
    }

    /// <summary>Records an engine event of the whole cluster (its volume opened or closed, its key lost) in every member's error log.</summary>
    internal void RecordClusterNote(DbCluster cluster, string level, string message)
    {
        if (_clusters.Instances is not { } instances)
        {
            return;
        }

        foreach (var member in instances.MembersOf(cluster.ResourceId).ToList())
        {
            Write(cluster, member, ErrorLogName, $"[{level}] {message}");
        }
    }

    /// <summary>Deletes an instance's logs (DeleteDBInstance); the cluster's deletion takes every log with its volume.</summary>
    internal void DeleteInstanceLogs(DbCluster cluster, DbInstance instance)
    {
        try
        {
            if (_clusters.OpenVolume(cluster.ResourceId) is { } volume)
            {
                volume.Logs.Delete(instance.ResourceId);
            }
            else
            {
                VolumeLogs.DeleteDirectory(_clusters.VolumeDirectoryOf(cluster), instance.ResourceId);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            Log.EngineLogsNotDeleted(_logger, instance.ResourceId, e);
        }
    }

    private DbInstance? FindMember(DbCluster cluster, string instanceIdentifier)
    {
        var instance = _clusters.Instances?.Find(cluster.Account, cluster.Region, instanceIdentifier.ToLowerInvariant());
        if (instance is null || instance.ClusterResourceId != cluster.ResourceId)
        {
            Log.EngineLogInstanceUnknown(_logger, cluster.ResourceId);
            return null;
        }

        return instance;
    }

    private void Write(DbCluster cluster, DbInstance instance, string logName, string text)
    {
        var volume = _clusters.OpenVolume(cluster.ResourceId);
        if (volume is null)
        {
            Log.EngineLogNotWritten(_logger, instance.ResourceId, "the cluster's volume is not open", null);
            return;
        }

        var now = _time.GetUtcNow();
        var fileName = FileName(logName, now);
        try
        {
            var name = instance.ResourceId + "/" + fileName;
            var isNew = !volume.Logs.Exists(name);
            volume.Logs.Append(name, now, now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + OneLine(text));
            if (isNew)
            {
                Prune(volume, instance, logName, now);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or LogFileCorruptException)
        {
            Log.EngineLogNotWritten(_logger, instance.ResourceId, e.GetType().Name, e);
        }
    }

    /// <summary>Deletes the instance's files of <paramref name="logName"/> older than the retention period.</summary>
    private void Prune(Volume volume, DbInstance instance, string logName, DateTimeOffset now)
    {
        var oldest = FileName(logName, now - _clusters.Options.EngineLogRetention);
        var directory = instance.ResourceId + "/" + logName[..logName.IndexOf('/', StringComparison.Ordinal)];
        foreach (var file in volume.Logs.List(directory))
        {
            var name = logName[..logName.IndexOf('/', StringComparison.Ordinal)] + "/" + file.Name;
            if (name.StartsWith(logName + ".", StringComparison.Ordinal) && string.CompareOrdinal(name, oldest) < 0)
            {
                volume.Logs.DeleteFile(instance.ResourceId + "/" + name);
            }
        }
    }

    /// <summary>The file of <paramref name="logName"/> that holds records of the UTC hour of <paramref name="time"/>.</summary>
    internal static string FileName(string logName, DateTimeOffset time) =>
        logName + "." + time.UtcDateTime.ToString("yyyy-MM-dd.HH", CultureInfo.InvariantCulture);

    /// <summary>The text on one line: backslashes, carriage returns, newlines and other control characters escaped.</summary>
    private static string OneLine(string text)
    {
        if (!text.Any(c => c == '\\' || char.IsControl(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\t' => builder.Append(@"\t"),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private T WithVolume<T>(DbCluster cluster, DbInstance instance, Func<Volume, T> read)
    {
        var volume = _clusters.OpenVolume(cluster.ResourceId);
        try
        {
            return volume is null ? throw NotReadable(cluster, instance) : read(volume);
        }
        catch (ObjectDisposedException)
        {
            throw NotReadable(cluster, instance);
        }
        catch (LogFileCorruptException e)
        {
            Log.EngineLogCorrupt(_logger, instance.ResourceId, e.FileName, e.RecordNumber);
            throw new AwsServiceException("InternalFailure", "The log file cannot be read: it failed authentication.", 500);
        }
    }

    /// <summary>Why the logs of an instance whose cluster's volume is closed cannot be read.</summary>
    private AwsServiceException NotReadable(DbCluster cluster, DbInstance instance)
    {
        var current = _clusters.Store.FindByResourceId(cluster.ResourceId) ?? cluster;
        return current.Status is ClusterStatus.Inaccessible or ClusterStatus.InaccessibleRecoverable
            ? RdsErrors.KeyNotAccessible(current.KmsKeyArn ?? "(none)")
            : new AwsServiceException("DBInstanceNotReady", $"The logs of DB instance {instance.Identifier} cannot be read while its DB cluster is {current.Status}: they are sealed under the cluster's key, which is in memory only while the cluster is available.");
    }

    private static AwsServiceException LogFileNotFound(string name, string instance) =>
        new("DBLogFileNotFoundFault", $"DBLog File: {name}, is not found on the DB instance {instance}.", 404);
}
