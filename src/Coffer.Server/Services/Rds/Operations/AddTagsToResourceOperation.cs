using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>AddTagsToResource on a cluster or instance ARN (no output shape: ResponseMetadata only).</summary>
internal sealed class AddTagsToResourceOperation(ClusterService clusters, InstanceService instances) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "AddTagsToResource";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var resource = parameters.GetRequiredString("ResourceName");
        var tags = RdsTags.Read(parameters);
        await instances.AddTagsAsync(caller, resource, tags, cancellationToken);
        return null;
    }
}
