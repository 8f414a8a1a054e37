namespace Coffer.Keys.Grants;

/// <summary>
/// A grant's encryption context constraint: <see cref="EncryptionContextSubset"/> (the request's context must contain
/// these pairs and may contain more) or <see cref="EncryptionContextEquals"/> (the request's context must be exactly
/// these pairs).
/// </summary>
/// <remarks>
/// AWS (GrantConstraints API reference): "in a grant constraint, the key in each key-value pair is not case sensitive,
/// but the value is case sensitive". Keys therefore compare with <see cref="StringComparison.OrdinalIgnoreCase"/> and
/// values ordinally. The constraints apply only to operations that take an encryption context; see
/// <see cref="Permits(GrantOperation, IReadOnlyDictionary{string, string})"/>.
/// </remarks>
public sealed record GrantConstraints
{
    /// <summary>Pairs the request's encryption context must include.</summary>
    public IReadOnlyDictionary<string, string>? EncryptionContextSubset { get; init; }

    /// <summary>Pairs the request's encryption context must equal.</summary>
    public IReadOnlyDictionary<string, string>? EncryptionContextEquals { get; init; }

    /// <summary><see langword="true"/> when neither constraint is set.</summary>
    public bool IsEmpty => EncryptionContextSubset is null && EncryptionContextEquals is null;

    /// <summary>Whether the constraints allow a request with <paramref name="requestContext"/>.</summary>
    public bool Permits(IReadOnlyDictionary<string, string> requestContext)
    {
        ArgumentNullException.ThrowIfNull(requestContext);
        if (EncryptionContextSubset is { } subset && !ContainsAll(requestContext, subset))
        {
            return false;
        }

        if (EncryptionContextEquals is { } equals && (requestContext.Count != equals.Count
            || !ContainsAll(requestContext, equals) || !ContainsAll(equals, requestContext)))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// Whether the constraints allow <paramref name="operation"/> with <paramref name="requestContext"/>: operations
    /// without an encryption context (DescribeKey, RetireGrant, Sign…) are never constrained.
    /// </summary>
    public bool Permits(GrantOperation operation, IReadOnlyDictionary<string, string> requestContext) =>
        !GrantOperations.TakesEncryptionContext(operation) || Permits(requestContext);

    private static bool ContainsAll(IReadOnlyDictionary<string, string> haystack, IReadOnlyDictionary<string, string> needles)
    {
        foreach (var (key, value) in needles)
        {
            if (!haystack.Any(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)
                && string.Equals(pair.Value, value, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
