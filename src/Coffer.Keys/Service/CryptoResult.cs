using Coffer.Keys.Crypto;

namespace Coffer.Keys.Service;

/// <summary>A ciphertext made under a key: the key's ARN, the material generation used, and the blob.</summary>
public sealed record CryptoResult(string KeyArn, KeyMaterialId MaterialId, byte[] CiphertextBlob);
