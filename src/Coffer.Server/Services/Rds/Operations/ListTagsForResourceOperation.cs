using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>ListTagsForResource: the TagList of a cluster or instance ARN.</summary>
internal sealed class ListTagsForResourceOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "ListTagsForResource";

    /// <inheritdoc />
    protected override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.GetStructureList("Filters").Count > 0)
        {
            throw RdsErrors.InvalidParameterValue("ListTagsForResource filters are not supported.");
        }

        var tags = instances.ListTags(caller, parameters.GetRequiredString("ResourceName"));
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml => RdsInstanceXml.WriteTagList(xml, tags));
    }
}
