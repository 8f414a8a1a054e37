namespace Coffer.Keys.Service;

/// <summary>A grant created (or found again by its Name): its id, a new token for it, and the key's ARN.</summary>
public sealed record CreateGrantResult(string GrantId, string GrantToken, string KeyArn);
