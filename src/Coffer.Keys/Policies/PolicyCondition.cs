namespace Coffer.Keys.Policies;

/// <summary>One condition key under one operator, such as <c>"StringEquals": {"kms:CallerAccount": ["1", "2"]}</c>.</summary>
/// <param name="Operator">The operator as written in the document, such as <c>ForAnyValue:StringLikeIfExists</c>.</param>
/// <param name="Kind">The base operator.</param>
/// <param name="Qualifier">The set prefix, if any.</param>
/// <param name="IfExists">The <c>…IfExists</c> suffix: the condition holds when the key is absent.</param>
/// <param name="Key">The condition key as written (condition key names compare case-insensitively).</param>
/// <param name="Values">The policy values; any one matching is enough (OR).</param>
public sealed record PolicyCondition(
    string Operator,
    ConditionOperatorKind Kind,
    ConditionSetQualifier Qualifier,
    bool IfExists,
    string Key,
    IReadOnlyList<string> Values);
