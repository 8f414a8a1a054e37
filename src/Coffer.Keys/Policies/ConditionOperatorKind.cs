namespace Coffer.Keys.Policies;

/// <summary>The condition operators the evaluator understands (without set prefix or IfExists suffix).</summary>
public enum ConditionOperatorKind
{
    /// <summary>Case-sensitive equality.</summary>
    StringEquals,

    /// <summary>Negated case-sensitive equality.</summary>
    StringNotEquals,

    /// <summary>Case-insensitive equality.</summary>
    StringEqualsIgnoreCase,

    /// <summary>Negated case-insensitive equality.</summary>
    StringNotEqualsIgnoreCase,

    /// <summary>Case-sensitive match with <c>*</c> and <c>?</c> wildcards.</summary>
    StringLike,

    /// <summary>Negated <see cref="StringLike"/>.</summary>
    StringNotLike,

    /// <summary>Boolean equality (<c>true</c>/<c>false</c>, any case).</summary>
    Bool,

    /// <summary><c>"true"</c> when the key must be absent, <c>"false"</c> when it must be present.</summary>
    Null,
}
