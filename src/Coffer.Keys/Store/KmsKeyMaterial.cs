using Coffer.Keys.Crypto;

namespace Coffer.Keys.Store;

/// <summary>One generation of a key's material, stored only wrapped under the root key.</summary>
/// <param name="Id">The material id (the blob header names it).</param>
/// <param name="Wrapped">The material wrapped by <see cref="KeyMaterialWrapper"/>.</param>
/// <param name="RootKeyFingerprint">Which root key wrapped it (root-key rotation rewraps row by row).</param>
/// <param name="CreatedAt">When it was generated.</param>
/// <param name="RotationType">How it came: <see langword="null"/> for the key's first material, else <c>AUTOMATIC</c> or <c>ON_DEMAND</c>.</param>
public sealed record KmsKeyMaterial(KeyMaterialId Id, byte[] Wrapped, string RootKeyFingerprint, DateTimeOffset CreatedAt, string? RotationType);
