using System.Text.Json;
using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Edge;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager.Operations;

/// <summary>ListSecrets: IncludePlannedDeletion, MaxResults (1–100), NextToken, Filters, SortBy, SortOrder → SecretList, NextToken.</summary>
internal sealed class ListSecretsOperation(SecretsService secrets) : SecretsOperation(secrets)
{
    private static readonly string[] FilterKeys = ["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"];

    /// <inheritdoc />
    public override string Name => "ListSecrets";

    /// <inheritdoc />
    protected override ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken)
    {
        var request = new ListSecretsRequest
        {
            IncludePlannedDeletion = input.OptionalBool("IncludePlannedDeletion") ?? false,
            MaxResults = input.OptionalInt("MaxResults", 1, 100) ?? 100,
            NextToken = input.OptionalString("NextToken", 1, 4096),
            SortBy = input.OptionalEnum("SortBy", "created-date", "last-accessed-date", "last-changed-date", "name") ?? "created-date",
            SortOrder = input.OptionalEnum("SortOrder", "asc", "desc") ?? "desc",
            Filters = Filters(input),
        };
        var (page, next) = Secrets.ListSecrets(caller, request);
        return ValueTask.FromResult(KmsJson.Object(w =>
        {
            w.WriteStartArray("SecretList");
            foreach (var secret in page)
            {
                w.WriteStartObject();
                w.WriteSecret(secret, "SecretVersionsToStages");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (next is not null)
            {
                w.WriteString("NextToken", next);
            }
        }));
    }

    private static List<SecretFilter> Filters(KmsInput input)
    {
        var filters = new List<SecretFilter>();
        if (input.Element("Filters", JsonValueKind.Array) is not { } list)
        {
            return filters;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("Key", out var key) || key.ValueKind != JsonValueKind.String)
            {
                throw JsonErrors.Serialization("Each member of Filters must be an object with a string Key and a list of string Values.");
            }

            if (!FilterKeys.Contains(key.GetString(), StringComparer.Ordinal))
            {
                throw KmsErrors.Validation("filters.member.key", $"Member must satisfy enum value set: [{string.Join(", ", FilterKeys)}]", key.GetString());
            }

            var values = new List<string>();
            if (item.TryGetProperty("Values", out var list2) && list2.ValueKind == JsonValueKind.Array)
            {
                foreach (var value in list2.EnumerateArray())
                {
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        throw JsonErrors.Serialization("Each member of Filters.Values must be a string.");
                    }

                    var text = value.GetString()!;
                    if (text.Length is < 1 or > 512)
                    {
                        throw KmsErrors.Validation("filters.member.values.member", "Member must have length between 1 and 512", text.Length <= 64 ? text : null);
                    }

                    values.Add(text);
                }
            }

            if (values.Count is < 1 or > 10)
            {
                throw KmsErrors.Validation("filters.member.values", "Member must have length between 1 and 10");
            }

            filters.Add(new SecretFilter(key.GetString()!, values));
        }

        return filters.Count > 10 ? throw KmsErrors.Validation("filters", "Member must have length less than or equal to 10") : filters;
    }
}
