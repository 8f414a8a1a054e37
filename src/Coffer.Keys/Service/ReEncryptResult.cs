using Coffer.Keys.Crypto;

namespace Coffer.Keys.Service;

/// <summary>A ciphertext moved from one key (and context) to another: both keys by ARN, the material generations used, and the new blob.</summary>
public sealed record ReEncryptResult(string SourceKeyArn, KeyMaterialId SourceMaterialId, string DestinationKeyArn, KeyMaterialId DestinationMaterialId, byte[] CiphertextBlob);
