using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Coffer.Audit;

/// <summary>
/// The defensive scrub of <see cref="AuditEvent"/>: removes members that can only hold secrets (plaintext, ciphertext,
/// grant tokens) wherever they appear in the free-form blocks. Producers must never put them there; this is a backstop.
/// </summary>
internal static class AuditScrubber
{
    /// <summary>The member names removed, compared case-insensitively.</summary>
    public static readonly FrozenSet<string> ForbiddenNames =
        new[] { "plaintext", "ciphertextBlob", "grantTokens", "grantToken" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The event with every forbidden member removed, and the names removed; the same instance (not copied) when it
    /// holds none. The caller's JSON nodes are never modified.
    /// </summary>
    public static (AuditEvent Event, IReadOnlyList<string> Removed) Scrub(AuditEvent auditEvent)
    {
        if (!Holds(auditEvent.RequestParameters) && !Holds(auditEvent.ResponseElements) && !Holds(auditEvent.ServiceEventDetails))
        {
            return (auditEvent, []);
        }

        var removed = new List<string>();
        var scrubbed = auditEvent with
        {
            RequestParameters = (JsonObject?)Clean(auditEvent.RequestParameters, removed),
            ResponseElements = Clean(auditEvent.ResponseElements, removed),
            ServiceEventDetails = (JsonObject?)Clean(auditEvent.ServiceEventDetails, removed),
        };
        return (scrubbed, removed);
    }

    private static bool Holds(JsonNode? node) => node switch
    {
        JsonObject o => o.Any(p => ForbiddenNames.Contains(p.Key) || Holds(p.Value)),
        JsonArray a => a.Any(Holds),
        _ => false,
    };

    private static JsonNode? Clean(JsonNode? node, List<string> removed)
    {
        if (!Holds(node))
        {
            return node;
        }

        var copy = node!.DeepClone();
        Remove(copy, removed);
        return copy;
    }

    private static void Remove(JsonNode? node, List<string> removed)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).Where(ForbiddenNames.Contains).ToList())
                {
                    o.Remove(name);
                    removed.Add(name);
                }

                foreach (var (_, value) in o)
                {
                    Remove(value, removed);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Remove(item, removed);
                }

                break;
        }
    }
}
