namespace Coffer.Data.Secrets;

/// <summary>A tag on a secret.</summary>
/// <param name="Key">The key (1–128 characters).</param>
/// <param name="Value">The value (0–256 characters).</param>
public sealed record SecretTag(string Key, string Value);
