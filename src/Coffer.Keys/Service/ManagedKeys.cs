namespace Coffer.Keys.Service;

/// <summary>The AWS managed keys Coffer's services use, created lazily per account and region on first reference.</summary>
internal static class ManagedKeys
{
    private static readonly Dictionary<string, (string Service, string Description)> Known = new(StringComparer.Ordinal)
    {
        ["alias/aws/rds"] = ("rds", "Default key that protects my RDS database volumes when no other key is defined"),
        ["alias/aws/secretsmanager"] = ("secretsmanager", "Default key that protects my Secrets Manager data when no other key is defined"),
    };

    /// <summary>The predefined alias names, in ordinal order (ListAliases shows those without a key yet).</summary>
    public static IEnumerable<string> AliasNames => Known.Keys.Order(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="aliasName"/> names an AWS managed key Coffer creates.</summary>
    public static bool IsManagedAlias(string aliasName) => Known.ContainsKey(aliasName);

    /// <summary>The service (policy) and description of a managed key.</summary>
    public static (string Service, string Description) Describe(string aliasName) => Known[aliasName];
}
