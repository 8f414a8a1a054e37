using System.Text.Json.Serialization;

namespace Coffer.Storage.Volumes;

/// <summary>Source-generated JSON for the volume manifest.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(VolumeManifest))]
internal sealed partial class VolumeJsonContext : JsonSerializerContext;
