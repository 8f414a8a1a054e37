namespace Coffer.Audit;

/// <summary>One page of a lookup, newest event first.</summary>
/// <param name="Events">The events, newest first.</param>
/// <param name="NextToken">The token of the next page, or <see langword="null"/> when this is the last.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Events, string? NextToken);
