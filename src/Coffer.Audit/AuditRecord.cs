namespace Coffer.Audit;

/// <summary>A stored record: the event, and its JSON text exactly as stored (LookupEvents' <c>CloudTrailEvent</c>).</summary>
/// <param name="Event">The parsed record.</param>
/// <param name="Json">The record's JSON text.</param>
public sealed record AuditRecord(AuditEvent Event, string Json);
