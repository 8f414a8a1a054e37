using Coffer.Storage.Metadata;

namespace Coffer.Audit;

/// <summary>The schema of the audit trail. Released steps never change; add new ones.</summary>
public static class AuditMigrations
{
    /// <summary>The component name in the migrations table.</summary>
    public const string Component = "audit";

    /// <summary>Every step, in order.</summary>
    /// <remarks>
    /// <para>
    /// <c>audit_events</c> holds each record's JSON text, keyed by an insertion sequence that breaks ties between events
    /// of the same second. <c>audit_lookup</c> holds one row per (event, lookup attribute, value) — EventId, EventName,
    /// ReadOnly, Username, EventSource, AccessKeyId and each ResourceType and ResourceName — so that every lookup, with or
    /// without an attribute, is one ordered range scan of an index that starts with the account and region (step 1).
    /// </para>
    /// <para>
    /// Step 2 makes that index cheaper to write — it cost the writer more than the events themselves: each distinct
    /// (account, region, attribute, value) is stored once in <c>audit_lookup_values</c>, and an event's entries in
    /// <c>audit_lookup_refs</c> are three integers each, (value id, time, seq), instead of the repeated text. EventId
    /// is unique per event, so it gets no entry: <c>audit_events_event_id</c> finds it in <c>audit_events</c>. Values
    /// are never deleted (there are few: event names, users, access keys, key ARNs); pruning deletes the references.
    /// </para>
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
        new(Component, 2, "lookup index as interned values and integer references; EventId from audit_events", """
            CREATE TABLE audit_lookup_values (
                id         INTEGER PRIMARY KEY,
                account_id TEXT    NOT NULL,
                region     TEXT    NOT NULL,
                attribute  TEXT    NOT NULL,
                value      TEXT    NOT NULL,
                UNIQUE (account_id, region, attribute, value));
            CREATE TABLE audit_lookup_refs (
                value_id   INTEGER NOT NULL,
                event_time INTEGER NOT NULL,
                seq        INTEGER NOT NULL,
                PRIMARY KEY (value_id, event_time, seq)) WITHOUT ROWID;
            CREATE INDEX audit_events_event_id ON audit_events (event_id);
            INSERT INTO audit_lookup_values (account_id, region, attribute, value)
                SELECT DISTINCT account_id, region, attribute, value FROM audit_lookup WHERE attribute <> 'EventId';
            INSERT INTO audit_lookup_refs (value_id, event_time, seq)
                SELECT v.id, l.event_time, l.seq FROM audit_lookup l
                JOIN audit_lookup_values v ON v.account_id = l.account_id AND v.region = l.region AND v.attribute = l.attribute AND v.value = l.value;
            DROP TABLE audit_lookup;
            """),
    ];
}
