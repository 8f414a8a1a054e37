using System.Text.Json.Serialization;

namespace Coffer.Keys.Store;

/// <summary>Source-generated JSON for what the key store keeps as JSON (grant constraints).</summary>
[JsonSerializable(typeof(Dictionary<string, IReadOnlyDictionary<string, string>?>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
internal sealed partial class KeyStoreJsonContext : JsonSerializerContext;
