namespace Coffer.Audit;

/// <summary>
/// The (attribute, value) pairs under which an event is found by LookupEvents: one row each in <c>audit_lookup_refs</c>.
/// EventId is not among them: it is unique per event and found through <c>audit_events</c>' own index.
/// </summary>
internal static class AuditLookupEntries
{
    public static IReadOnlyList<(string Attribute, string Value)> For(AuditEvent auditEvent)
    {
        var entries = new List<(string, string)>(6 + (2 * auditEvent.Resources.Count))
        {
            (nameof(AuditLookupAttributeKey.EventName), auditEvent.EventName),
            (nameof(AuditLookupAttributeKey.ReadOnly), auditEvent.ReadOnly ? "true" : "false"),
            (nameof(AuditLookupAttributeKey.EventSource), auditEvent.EventSource),
        };
        if (auditEvent.UserIdentity.UserName is { } userName)
        {
            entries.Add((nameof(AuditLookupAttributeKey.Username), userName));
        }

        if (auditEvent.UserIdentity.AccessKeyId is { } accessKeyId)
        {
            entries.Add((nameof(AuditLookupAttributeKey.AccessKeyId), accessKeyId));
        }

        foreach (var resource in auditEvent.Resources)
        {
            entries.Add((nameof(AuditLookupAttributeKey.ResourceType), resource.Type));
            entries.Add((nameof(AuditLookupAttributeKey.ResourceName), resource.Arn));
        }

        return entries.Distinct().ToList();
    }
}
