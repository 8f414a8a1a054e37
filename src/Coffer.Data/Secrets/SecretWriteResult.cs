namespace Coffer.Data.Secrets;

/// <summary>What a call that writes a secret returns: its ARN and name, and the version it made, if any.</summary>
/// <param name="Arn">The secret's ARN.</param>
/// <param name="Name">The secret's name.</param>
/// <param name="VersionId">The version created (or found again by its token), if any.</param>
/// <param name="VersionStages">That version's labels.</param>
public sealed record SecretWriteResult(string Arn, string Name, string? VersionId, IReadOnlyList<string> VersionStages);
