using System.Text.Json;
using System.Text.Json.Serialization;
using Coffer.Primitives;

namespace Coffer.Data.Secrets;

/// <summary>Source-generated JSON for the secret documents the store keeps.</summary>
[JsonSourceGenerationOptions(Converters = [typeof(AccountIdJsonConverter)])]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SecretsJsonContext : JsonSerializerContext;

/// <summary>An account id as its 12 digits.</summary>
internal sealed class AccountIdJsonConverter : JsonConverter<AccountId>
{
    public override AccountId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => AccountId.Parse(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, AccountId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
