using System.Text.Json;
using Coffer.Keys;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>The <c>Tags</c> list of CreateKey and TagResource: <c>[{TagKey, TagValue}]</c>, AWS's limits.</summary>
internal static class TagList
{
    /// <summary>The most tags a key may have.</summary>
    public const int MaxTags = 50;

    /// <summary>Reads the tags; a missing list is empty.</summary>
    public static IReadOnlyDictionary<string, string> Read(KmsInput input, string field)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (input.Element(field, JsonValueKind.Array) is not { } list)
        {
            return tags;
        }

        foreach (var tag in list.EnumerateArray())
        {
            if (tag.ValueKind != JsonValueKind.Object)
            {
                throw JsonErrors.Serialization($"Each member of {field} must be a structure with TagKey and TagValue.");
            }

            var key = Member(tag, "TagKey") ?? throw KmsInput.Missing("tagKey");
            var value = Member(tag, "TagValue") ?? throw KmsInput.Missing("tagValue");
            if (key.Length is < 1 or > 128)
            {
                throw KmsErrors.Validation("tags.member.tagKey", "Member must have length between 1 and 128", key);
            }

            if (value.Length > 256)
            {
                throw KmsErrors.Validation("tags.member.tagValue", "Member must have length less than or equal to 256");
            }

            if (key.StartsWith("aws:", StringComparison.Ordinal))
            {
                throw KmsErrors.Tag("Tag keys that begin with 'aws:' are reserved for AWS use.");
            }

            if (!tags.TryAdd(key, value))
            {
                throw KmsErrors.Tag($"The tag key '{key}' appears more than once.");
            }
        }

        return tags.Count > MaxTags ? throw KmsErrors.Tag($"A key can have at most {MaxTags} tags.") : tags;
    }

    private static string? Member(JsonElement tag, string name) =>
        !tag.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw JsonErrors.Serialization($"{name} must be a string.");
}
