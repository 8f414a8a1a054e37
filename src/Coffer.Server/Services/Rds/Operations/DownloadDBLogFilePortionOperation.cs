using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// DownloadDBLogFilePortion: lines of one of the caller's instance's log files, decrypted for the owning account only;
/// Marker is the next line, and AdditionalDataPending false once the end is reached, so the CLI's paginator stops
/// (see <see cref="EngineLogs.Download"/>). DBLogFileNotFoundFault for a file the instance does not have.
/// </summary>
internal sealed class DownloadDBLogFilePortionOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DownloadDBLogFilePortion";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var found = instances.Describe(caller, parameters.GetRequiredString("DBInstanceIdentifier"))[0];
        var portion = Clusters.EngineLogs.Download(found.Cluster, found.Instance, parameters.GetRequiredString("LogFileName"), parameters.GetString("Marker"), parameters.GetInt32("NumberOfLines"));
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.Element("LogFileData", portion.LogFileData);
            xml.Element("Marker", portion.Marker);
            xml.Element("AdditionalDataPending", portion.AdditionalDataPending);
        });
    }
}
