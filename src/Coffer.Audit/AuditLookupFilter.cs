namespace Coffer.Audit;

/// <summary>One lookup attribute: events whose <paramref name="Key"/> equals <paramref name="Value"/> exactly.</summary>
/// <param name="Key">The attribute.</param>
/// <param name="Value">The value, 1 to 2,000 characters.</param>
public sealed record AuditLookupFilter(AuditLookupAttributeKey Key, string Value);
