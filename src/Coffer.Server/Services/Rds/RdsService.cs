using Coffer.Server.Edge;

namespace Coffer.Server.Services.Rds;

/// <summary>Amazon RDS (AWS Query, version 2014-10-31).</summary>
internal sealed class RdsService(IEnumerable<RdsOperation> operations) : QueryService(operations)
{
    /// <inheritdoc />
    public override string SigningName => "rds";

    /// <inheritdoc />
    public override string ApiVersion => "2014-10-31";

    /// <inheritdoc />
    public override string XmlNamespace => "http://rds.amazonaws.com/doc/2014-10-31/";
}
