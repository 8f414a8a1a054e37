using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Edge;

/// <summary>One operation of an AWS Query service: reads its parameters, calls the domain, writes its result.</summary>
internal abstract class QueryOperation
{
    /// <summary>The <c>Action</c> name.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Runs the operation. Returns the writer of the members of <c>&lt;NameResult&gt;</c>, or <see langword="null"/>
    /// for operations that have no output shape.
    /// </summary>
    public abstract ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(AwsRequestContext request, QueryParameters parameters, CancellationToken cancellationToken);
}
