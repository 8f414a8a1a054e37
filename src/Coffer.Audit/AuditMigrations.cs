using Coffer.Storage.Metadata;

namespace Coffer.Audit;

/// <summary>The schema of the audit trail. Released steps never change; add new ones.</summary>
public static class AuditMigrations
{
    /// <summary>The component name in the migrations table.</summary>
    public const string Component = "audit";

    /// <summary>Every step, in order.</summary>
    /// <remarks>
    /// <c>audit_events</c> holds each record's JSON text, keyed by an insertion sequence that breaks ties between events
    /// of the same second. <c>audit_lookup</c> holds one row per (event, lookup attribute, value) — EventId, EventName,
    /// ReadOnly, Username, EventSource, AccessKeyId and each ResourceType and ResourceName — so that every lookup, with or
    /// without an attribute, is one ordered range scan of an index that starts with the account and region.
    /// </remarks>
    public static IReadOnlyList<MetadataMigration> All { get; } =
    [
        new(Component, 1, "audit events and their lookup index", """
            CREATE TABLE audit_events (
                seq        INTEGER PRIMARY KEY AUTOINCREMENT,
                account_id TEXT    NOT NULL,
                region     TEXT    NOT NULL,
                event_time INTEGER NOT NULL,
                event_id   TEXT    NOT NULL,
                record     TEXT    NOT NULL);
            CREATE INDEX audit_events_scope_time ON audit_events (account_id, region, event_time, seq);
            CREATE INDEX audit_events_time ON audit_events (event_time);
            CREATE TABLE audit_lookup (
                account_id TEXT    NOT NULL,
                region     TEXT    NOT NULL,
                attribute  TEXT    NOT NULL,
                value      TEXT    NOT NULL,
                event_time INTEGER NOT NULL,
                seq        INTEGER NOT NULL,
                PRIMARY KEY (account_id, region, attribute, value, event_time, seq)) WITHOUT ROWID;
            """),
    ];
}
