using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>DescribeOrderableDBInstanceOptions: one option per supported class of the sqlite engine; db.t2.micro does not support storage encryption.</summary>
internal sealed class DescribeOrderableDBInstanceOptionsOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeOrderableDBInstanceOptions";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var max = MaxRecords(parameters);
        var marker = parameters.GetString("Marker");
        var engine = parameters.GetRequiredString("Engine");
        if (!string.Equals(engine, ClusterEngine.Name, StringComparison.Ordinal))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid DB engine: {engine}. Coffer runs the embedded SQLite engine: use Engine {ClusterEngine.Name}.");
        }

        var version = parameters.GetString("EngineVersion");
        var instanceClass = parameters.GetString("DBInstanceClass");
        var classes = InstanceClasses.All
            .Where(c => (version is null || version == ClusterEngine.Version) && (instanceClass is null || instanceClass == c))
            .SkipWhile(c => marker is not null && c != marker).Skip(marker is null ? 0 : 1)
            .ToList();
        var page = classes.Take(max).ToList();
        var next = classes.Count > max ? page[^1] : null;
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.List("OrderableDBInstanceOptions", "OrderableDBInstanceOption", page, (w, c) =>
            {
                w.Element("Engine", ClusterEngine.Name);
                w.Element("EngineVersion", ClusterEngine.Version);
                w.Element("DBInstanceClass", c);
                w.Element("LicenseModel", "general-public-license");
                w.List("AvailabilityZones", "AvailabilityZone", [caller.Region + "a"], (z, name) => z.Element("Name", name));
                w.Element("MultiAZCapable", false);
                w.Element("ReadReplicaCapable", false);
                w.Element("Vpc", true);
                w.Element("SupportsStorageEncryption", InstanceClasses.SupportsStorageEncryption(c));
                w.Element("StorageType", "aurora");
            });
            if (next is not null)
            {
                xml.Element("Marker", next);
            }
        });
    }
}
