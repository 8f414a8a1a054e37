using Coffer.Protocols;

namespace Coffer.Server.Edge;

/// <summary>One AWS service served on the shared endpoint, chosen by the credential scope's service name.</summary>
internal abstract class AwsService
{
    /// <summary>The SigV4 signing name (<c>sts</c>, <c>kms</c>, <c>rds</c>…).</summary>
    public abstract string SigningName { get; }

    /// <summary>The protocol the service speaks, which decides the shape of its errors.</summary>
    public abstract AwsProtocol Protocol { get; }

    /// <summary>For AWS Query services, the XML namespace of responses and errors.</summary>
    public virtual string? XmlNamespace => null;

    /// <summary>Handles an authenticated request. Client errors are thrown as <see cref="Primitives.AwsServiceException"/>.</summary>
    public abstract ValueTask<AwsResponse> HandleAsync(AwsRequestContext request, CancellationToken cancellationToken);
}
