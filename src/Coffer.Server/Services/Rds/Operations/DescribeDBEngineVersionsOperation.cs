using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DescribeDBEngineVersions: the one engine and version Coffer runs (SQLite, embedded).</summary>
internal sealed class DescribeDBEngineVersionsOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeDBEngineVersions";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        MaxRecords(parameters);
        var engine = parameters.GetString("Engine");
        var version = parameters.GetString("EngineVersion");
        var matches = (engine is null || engine == ClusterEngine.Name) && (version is null || version == ClusterEngine.Version);
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml => xml.List("DBEngineVersions", "DBEngineVersion", matches ? [ClusterEngine.Version] : Array.Empty<string>(), (w, v) =>
        {
            w.Element("Engine", ClusterEngine.Name);
            w.Element("EngineVersion", v);
            w.Element("DBParameterGroupFamily", "sqlite3");
            w.Element("DBEngineDescription", "SQLite, embedded, on Coffer's encrypted volumes");
            w.Element("DBEngineVersionDescription", $"SQLite {v}");
            w.Element("Status", "available");
            w.Element("SupportsReadReplica", false);
        }));
    }
}
