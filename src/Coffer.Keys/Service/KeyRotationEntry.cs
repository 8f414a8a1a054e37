using Coffer.Keys.Crypto;

namespace Coffer.Keys.Service;

/// <summary>One entry of ListKeyRotations: a generation of key material.</summary>
/// <param name="KeyId">The key id.</param>
/// <param name="KeyMaterialId">The material's id.</param>
/// <param name="KeyMaterialState"><c>CURRENT</c> or <c>NON_CURRENT</c>.</param>
/// <param name="RotationDate">When the rotation made it, or <see langword="null"/> for the key's first material.</param>
/// <param name="RotationType"><c>AUTOMATIC</c> or <c>ON_DEMAND</c>, or <see langword="null"/> for the first material.</param>
public sealed record KeyRotationEntry(string KeyId, KeyMaterialId KeyMaterialId, string KeyMaterialState, DateTimeOffset? RotationDate, string? RotationType);
