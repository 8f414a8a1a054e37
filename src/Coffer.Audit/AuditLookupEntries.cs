namespace Coffer.Audit;

/// <summary>The (attribute, value) pairs under which an event is found by LookupEvents: one row each in <c>audit_lookup</c>.</summary>
internal static class AuditLookupEntries
{
    public static IReadOnlyList<(string Attribute, string Value)> For(AuditEvent auditEvent)
    {
        var entries = new List<(string, string)>(8 + (2 * auditEvent.Resources.Count))
        {
            (nameof(AuditLookupAttributeKey.EventId), auditEvent.EventId),
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
