namespace Coffer.Keys.Service;

/// <summary>
/// One entry of ListAliases. A predefined <c>alias/aws/…</c> name whose AWS managed key has not been created yet has
/// no target and no dates, as AWS lists it.
/// </summary>
/// <param name="AliasName">The alias name, <c>alias/…</c>.</param>
/// <param name="AliasArn">The alias ARN.</param>
/// <param name="TargetKeyId">The key id it points at, or <see langword="null"/> for a predefined alias without a key yet.</param>
/// <param name="CreationDate">When it was created.</param>
/// <param name="LastUpdatedDate">When it was last retargeted.</param>
public sealed record AliasListEntry(string AliasName, string AliasArn, string? TargetKeyId, DateTimeOffset? CreationDate, DateTimeOffset? LastUpdatedDate);
