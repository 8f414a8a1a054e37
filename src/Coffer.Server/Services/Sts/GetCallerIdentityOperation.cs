using Coffer.Protocols.AwsQuery;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.Sts;

/// <summary><c>GetCallerIdentity</c>: the account, user id and ARN of whoever signed the request.</summary>
internal sealed class GetCallerIdentityOperation : QueryOperation
{
    /// <inheritdoc />
    public override string Name => "GetCallerIdentity";

    /// <inheritdoc />
    public override ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(AwsRequestContext request, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        return ValueTask.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.Element("Arn", caller.PrincipalArn);
            xml.Element("UserId", caller.UserId);
            xml.Element("Account", caller.Account.Value);
        });
    }
}
