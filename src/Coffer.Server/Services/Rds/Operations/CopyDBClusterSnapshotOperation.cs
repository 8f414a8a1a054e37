using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// CopyDBClusterSnapshot: a copy re-encrypted under a fresh data key (KmsKeyId changes the key); a shared or another
/// region's source is named by ARN. SourceRegion never arrives: botocore turns it into PreSignedUrl.
/// </summary>
internal sealed class CopyDBClusterSnapshotOperation(ClusterService clusters) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "CopyDBClusterSnapshot";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var request = new CopySnapshotRequest
        {
            SourceIdentifier = parameters.GetRequiredString("SourceDBClusterSnapshotIdentifier"),
            TargetIdentifier = parameters.GetRequiredString("TargetDBClusterSnapshotIdentifier"),
            KmsKeyId = parameters.GetString("KmsKeyId") is { Length: > 0 } keyId ? keyId : null,
            CopyTags = parameters.GetBoolean("CopyTags") ?? false,
            Tags = RdsTags.Read(parameters),
            PreSignedUrl = parameters.GetString("PreSignedUrl") is { Length: > 0 } url ? url : null,
        };
        var snapshot = await Clusters.CopySnapshotAsync(caller, request, cancellationToken);
        return xml => xml.Structure("DBClusterSnapshot", w => RdsSnapshotXml.Write(w, snapshot, null));
    }
}
