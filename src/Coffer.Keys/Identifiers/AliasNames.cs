namespace Coffer.Keys.Identifiers;

/// <summary>Rules for KMS alias names (<c>alias/&lt;name&gt;</c>), which are case-sensitive.</summary>
public static class AliasNames
{
    /// <summary>Every alias name starts with this.</summary>
    public const string Prefix = "alias/";

    /// <summary>The prefix reserved for AWS managed keys; users cannot create aliases under it.</summary>
    public const string ReservedAwsPrefix = "alias/aws/";

    /// <summary>The longest alias name, prefix included.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// <see langword="true"/> when <paramref name="name"/> is a well-formed alias name: it starts with
    /// <c>alias/</c>, has at least one character after it, is at most 256 characters long, and matches
    /// <c>^[a-zA-Z0-9:/_-]+$</c>. Reserved <c>alias/aws/…</c> names are well-formed.
    /// </summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 6 and <= MaxLength }
        && name.StartsWith(Prefix, StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '_' or '-');

    /// <summary><see langword="true"/> when <paramref name="name"/> starts with <c>alias/aws/</c> (case-sensitive).</summary>
    public static bool IsReservedAwsAlias(string? name) =>
        name is not null && name.StartsWith(ReservedAwsPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Checks a name a user wants to create (CreateAlias). <see cref="AliasNameValidation.Malformed"/> maps to
    /// <c>InvalidAliasNameException</c>. For <see cref="AliasNameValidation.Reserved"/> the KMS model's only fitting
    /// error is also <c>InvalidAliasNameException</c>; moto sends <c>NotAuthorizedException</c>, which is not in the
    /// model. <paramref name="error"/> is a message suitable for the client.
    /// </summary>
    public static AliasNameValidation ValidateForCreate(string? name, out string? error)
    {
        if (!IsValid(name))
        {
            error = $"Alias name must begin with '{Prefix}', be 1 to {MaxLength} characters long and contain only "
                + "alphanumeric characters, forward slashes (/), underscores (_), dashes (-) and colons (:).";
            return AliasNameValidation.Malformed;
        }

        if (IsReservedAwsAlias(name))
        {
            error = $"Alias names that begin with '{ReservedAwsPrefix}' are reserved for AWS managed keys.";
            return AliasNameValidation.Reserved;
        }

        error = null;
        return AliasNameValidation.Valid;
    }
}
