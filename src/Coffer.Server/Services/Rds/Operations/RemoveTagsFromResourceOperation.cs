using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>RemoveTagsFromResource (<c>TagKeys.member.N</c>) on a cluster or instance ARN (no output shape).</summary>
internal sealed class RemoveTagsFromResourceOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "RemoveTagsFromResource";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var resource = parameters.GetRequiredString("ResourceName");
        var keys = parameters.GetList("TagKeys");
        await instances.RemoveTagsAsync(caller, resource, keys, cancellationToken);
        return null;
    }
}
