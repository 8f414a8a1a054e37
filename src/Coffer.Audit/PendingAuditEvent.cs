namespace Coffer.Audit;

/// <summary>An event ready to be written: scrubbed, serialised and indexed in the recording caller's thread.</summary>
internal sealed class PendingAuditEvent(string accountId, string region, long eventTime, string eventId, string record, IReadOnlyList<(string Attribute, string Value)> lookup) : AuditWork
{
    public string AccountId { get; } = accountId;

    public string Region { get; } = region;

    /// <summary>Unix seconds.</summary>
    public long EventTime { get; } = eventTime;

    public string EventId { get; } = eventId;

    public string Record { get; } = record;

    public IReadOnlyList<(string Attribute, string Value)> Lookup { get; } = lookup;
}
