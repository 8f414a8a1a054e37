using System.Collections.Frozen;

namespace Coffer.Server.Edge;

/// <summary>The services served on the endpoint, by signing name.</summary>
internal sealed class ServiceRegistry(IEnumerable<AwsService> services)
{
    private readonly FrozenDictionary<string, AwsService> _services = services.ToFrozenDictionary(s => s.SigningName, StringComparer.Ordinal);

    /// <summary>The signing names served, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _services.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The service with <paramref name="signingName"/>, if served.</summary>
    public AwsService? Find(string signingName) => _services.GetValueOrDefault(signingName);
}
