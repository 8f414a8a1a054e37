using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Audit;

/// <summary>CloudTrail's <c>eventTime</c>: ISO-8601 UTC to the second, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
internal sealed class CloudTrailTimeConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.ParseExact(reader.GetString()!, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
