using System.Text.Json.Serialization;

namespace Coffer.Storage.Archives;

/// <summary>Source-generated JSON for archive headers and manifests.</summary>
[JsonSerializable(typeof(ArchiveHeader))]
[JsonSerializable(typeof(ArchiveManifest))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;
