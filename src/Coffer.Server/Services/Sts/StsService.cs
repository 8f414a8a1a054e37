using Coffer.Server.Edge;

namespace Coffer.Server.Services.Sts;

/// <summary>The STS subset Coffer serves (AWS Query, version 2011-06-15).</summary>
internal sealed class StsService() : QueryService([new GetCallerIdentityOperation()])
{
    /// <inheritdoc />
    public override string SigningName => "sts";

    /// <inheritdoc />
    public override string ApiVersion => "2011-06-15";

    /// <inheritdoc />
    public override string XmlNamespace => "https://sts.amazonaws.com/doc/2011-06-15/";
}
