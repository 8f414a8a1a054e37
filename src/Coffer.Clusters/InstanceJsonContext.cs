using System.Text.Json.Serialization;

namespace Coffer.Clusters;

/// <summary>Source-generated JSON for the documents the instance store keeps.</summary>
[JsonSourceGenerationOptions(Converters = [typeof(AccountIdJsonConverter)])]
[JsonSerializable(typeof(DbInstance))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class InstanceJsonContext : JsonSerializerContext;
