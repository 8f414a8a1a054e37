using Coffer.Server.Edge;

namespace Coffer.Server.Services.CloudTrail;

/// <summary>The CloudTrail subset Coffer serves (JSON 1.1, version 2013-11-01): LookupEvents over the audit trail.</summary>
internal sealed class CloudTrailService(LookupEventsOperation lookupEvents) : JsonService([lookupEvents])
{
    /// <inheritdoc />
    public override string SigningName => "cloudtrail";

    /// <inheritdoc />
    public override string TargetPrefix => "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
}
