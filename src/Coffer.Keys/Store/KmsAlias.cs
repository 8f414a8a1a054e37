using Coffer.Primitives;

namespace Coffer.Keys.Store;

/// <summary>An alias of a key, unique per account and region.</summary>
public sealed record KmsAlias(AccountId Account, string Region, string Name, Guid TargetKeyId, DateTimeOffset CreationDate, DateTimeOffset LastUpdatedDate)
{
    /// <summary>The alias ARN.</summary>
    public string Arn => $"arn:aws:kms:{Region}:{Account}:{Name}";
}
