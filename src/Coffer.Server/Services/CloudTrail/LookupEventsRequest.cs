using System.Globalization;
using System.Text.Json;
using Coffer.Audit;
using Coffer.Primitives;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.CloudTrail;

/// <summary>Reads a LookupEvents request body into an <see cref="AuditQuery"/> of the caller's account and region.</summary>
internal static class LookupEventsRequest
{
    /// <summary>The one EventCategory value CloudTrail knows.</summary>
    public const string InsightCategory = "insight";

    /// <summary>The query, and whether it asks for Insights events (of which Coffer has none).</summary>
    /// <exception cref="AwsServiceException">A malformed member, or a CloudTrail validation error.</exception>
    public static (AuditQuery Query, bool Insights) Parse(CallerIdentity caller, JsonElement input)
    {
        var insights = false;
        if (Member(input, "EventCategory", JsonValueKind.String) is { } category)
        {
            insights = category.GetString() == InsightCategory ? true : throw CloudTrailErrors.InvalidEventCategory(category.GetString()!);
        }

        var query = new AuditQuery
        {
            Account = caller.Account,
            Region = caller.Region,
            Attribute = ReadAttribute(input),
            StartTime = ReadTime(input, "StartTime"),
            EndTime = ReadTime(input, "EndTime"),
            MaxResults = Member(input, "MaxResults", JsonValueKind.Number) is { } max
                ? max.TryGetInt32(out var value) ? value : throw CloudTrailErrors.InvalidMaxResults(max.TryGetInt64(out var big) ? (int)Math.Clamp(big, int.MinValue, int.MaxValue) : int.MaxValue)
                : null,
            NextToken = Member(input, "NextToken", JsonValueKind.String)?.GetString(),
        };
        return (query, insights);
    }

    private static AuditLookupFilter? ReadAttribute(JsonElement input)
    {
        if (Member(input, "LookupAttributes", JsonValueKind.Array) is not { } list || list.GetArrayLength() == 0)
        {
            return null;
        }

        if (list.GetArrayLength() > 1)
        {
            throw CloudTrailErrors.InvalidLookupAttributes($"LookupAttributes can hold only one attribute, not {list.GetArrayLength()}.");
        }

        var item = list[0];
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw JsonErrors.Serialization("LookupAttributes holds objects {\"AttributeKey\":…,\"AttributeValue\":…}.");
        }

        var key = Member(item, "AttributeKey", JsonValueKind.String)?.GetString();
        var value = Member(item, "AttributeValue", JsonValueKind.String)?.GetString();
        if (key is null || !Enum.GetNames<AuditLookupAttributeKey>().Contains(key, StringComparer.Ordinal))
        {
            throw CloudTrailErrors.InvalidLookupAttributes(
                $"AttributeKey must be one of {string.Join(", ", Enum.GetNames<AuditLookupAttributeKey>())}{(key is null ? "" : $", not '{(key.Length > 32 ? key[..32] + "…" : key)}'")}.");
        }

        if (string.IsNullOrEmpty(value))
        {
            throw CloudTrailErrors.InvalidLookupAttributes("AttributeValue is required and must not be empty.");
        }

        return new AuditLookupFilter(Enum.Parse<AuditLookupAttributeKey>(key), value);
    }

    /// <summary>A timestamp as botocore sends it (epoch seconds, fractions allowed) or as ISO-8601 text.</summary>
    private static DateTimeOffset? ReadTime(JsonElement input, string name)
    {
        if (!input.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (member.ValueKind == JsonValueKind.Number && member.TryGetDouble(out var seconds) && Math.Abs(seconds) < 253_402_300_799d)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000d));
        }

        if (member.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(member.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        throw JsonErrors.Serialization($"{name} must be a timestamp: epoch seconds or ISO-8601 text.");
    }

    /// <summary>The member <paramref name="name"/> of kind <paramref name="kind"/>; absent or null gives null, another kind an error.</summary>
    private static JsonElement? Member(JsonElement element, string name, JsonValueKind kind)
    {
        if (!element.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return member.ValueKind == kind
            ? member
            : throw JsonErrors.Serialization($"{name} must be a JSON {kind.ToString().ToLowerInvariant()}, not {member.ValueKind.ToString().ToLowerInvariant()}.");
    }
}
