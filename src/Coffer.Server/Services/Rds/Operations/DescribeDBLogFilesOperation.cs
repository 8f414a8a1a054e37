using System.Globalization;
using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// DescribeDBLogFiles: an instance's error and slow-statement log files (the caller's own instances only), filtered by
/// FilenameContains, FileLastWritten (written at or after, epoch milliseconds) and FileSize (larger than, bytes),
/// paginated by name; LastWritten is in epoch milliseconds. A cluster whose key is lost cannot list them
/// (KMSKeyNotAccessibleFault), nor one that is not available (DBInstanceNotReady).
/// </summary>
internal sealed class DescribeDBLogFilesOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeDBLogFiles";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var found = instances.Describe(caller, parameters.GetRequiredString("DBInstanceIdentifier"))[0];
        var max = MaxRecords(parameters);
        var contains = parameters.GetString("FilenameContains");
        var lastWritten = Long(parameters, "FileLastWritten");
        var size = Long(parameters, "FileSize");
        var files = Clusters.EngineLogs.ListFiles(found.Cluster, found.Instance)
            .Where(f => contains is null || f.Name.Contains(contains, StringComparison.Ordinal))
            .Where(f => lastWritten is null || f.LastWritten.ToUnixTimeMilliseconds() >= lastWritten)
            .Where(f => size is null || f.Size > size);
        var page = Page(files, f => f.Name, parameters.GetString("Marker"), max, out var next);
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.List("DescribeDBLogFiles", "DescribeDBLogFilesDetails", page, (w, file) =>
            {
                w.Element("LogFileName", file.Name);
                w.Element("LastWritten", file.LastWritten.ToUnixTimeMilliseconds());
                w.Element("Size", file.Size);
            });
            if (next is not null)
            {
                xml.Element("Marker", next);
            }
        });
    }

    private static long? Long(QueryParameters parameters, string name) =>
        parameters.GetString(name) is not { } text ? null
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw RdsErrors.InvalidParameterValue($"Invalid value {text} for {name}: it must be an integer.");
}
