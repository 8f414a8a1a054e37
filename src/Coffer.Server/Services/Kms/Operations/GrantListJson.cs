using System.Text.Json;
using Coffer.Keys.Grants;
using Coffer.Keys.Store;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>The response of ListGrants and ListRetirableGrants: <c>Grants</c>, <c>NextMarker</c>, <c>Truncated</c>.</summary>
internal static class GrantListJson
{
    /// <summary>Writes a page of grants; <paramref name="keyArnOf"/> names each grant's key by ARN.</summary>
    public static byte[] Write(IReadOnlyList<KmsGrant> grants, Func<KmsGrant, string> keyArnOf, string? nextMarker) => KmsJson.Object(w =>
    {
        w.WriteStartArray("Grants");
        foreach (var grant in grants)
        {
            WriteGrant(w, grant, keyArnOf(grant));
        }

        w.WriteEndArray();
        if (nextMarker is not null)
        {
            w.WriteString("NextMarker", nextMarker);
        }

        w.WriteBoolean("Truncated", nextMarker is not null);
    });

    private static void WriteGrant(Utf8JsonWriter w, KmsGrant grant, string keyArn)
    {
        w.WriteStartObject();
        w.WriteString("KeyId", keyArn);
        w.WriteString("GrantId", grant.GrantId);
        if (grant.Name is not null)
        {
            w.WriteString("Name", grant.Name);
        }

        w.WriteDate("CreationDate", grant.CreationDate);
        w.WriteString("GranteePrincipal", grant.GranteePrincipal);
        if (grant.RetiringPrincipal is not null)
        {
            w.WriteString("RetiringPrincipal", grant.RetiringPrincipal);
        }

        w.WriteString("IssuingAccount", $"arn:aws:iam::{grant.IssuingAccount}:root");
        w.WriteStartArray("Operations");
        foreach (var operation in grant.Operations)
        {
            w.WriteStringValue(GrantOperations.Format(operation));
        }

        w.WriteEndArray();
        if (grant.Constraints is { IsEmpty: false } constraints)
        {
            w.WriteStartObject("Constraints");
            WritePairs(w, "EncryptionContextSubset", constraints.EncryptionContextSubset);
            WritePairs(w, "EncryptionContextEquals", constraints.EncryptionContextEquals);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WritePairs(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string>? pairs)
    {
        if (pairs is null)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (key, value) in pairs)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }
}
