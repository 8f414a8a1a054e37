namespace Coffer.Keys.Policies;

/// <summary>How a condition compares a multi-valued request key (such as <c>kms:EncryptionContextKeys</c>).</summary>
public enum ConditionSetQualifier
{
    /// <summary>No prefix: a single-valued comparison.</summary>
    None,

    /// <summary><c>ForAnyValue:</c>: at least one request value matches. False when the key is absent.</summary>
    ForAnyValue,

    /// <summary><c>ForAllValues:</c>: every request value matches. True when the key is absent or empty.</summary>
    ForAllValues,
}
