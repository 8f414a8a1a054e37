namespace Coffer.Keys.Identifiers;

/// <summary>The outcome of <see cref="AliasNames.ValidateForCreate"/>.</summary>
public enum AliasNameValidation
{
    /// <summary>The name may be created.</summary>
    Valid = 0,

    /// <summary>The name breaks the alias-name pattern or length.</summary>
    Malformed,

    /// <summary>The name is well-formed but starts with <c>alias/aws/</c>.</summary>
    Reserved,
}
