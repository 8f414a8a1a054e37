namespace Coffer.Keys.Policies;

/// <summary>
/// IAM condition semantics for one condition key.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Several policy values for a key: any one matching is enough (OR). A negated operator holds when none match.</item>
/// <item>A key absent from the request: <c>…IfExists</c> and <c>ForAllValues:</c> hold, <c>ForAnyValue:</c> fails,
/// the negated operators (<c>StringNotEquals</c>, <c>StringNotLike</c>…) hold and the others fail.</item>
/// <item><c>kms:EncryptionContext:</c><i>context-key</i>: the context-key part is case-insensitive, the value's case
/// depends on the operator (KMS developer guide, conditions-kms). An empty encryption context makes
/// <c>kms:EncryptionContextKeys</c> absent.</item>
/// <item>A multi-valued key without a set prefix behaves like <c>ForAnyValue:</c> for the positive operators.</item>
/// <item>Condition keys the request does not carry (<c>aws:SourceIp</c> and the like) are absent.</item>
/// </list>
/// </remarks>
internal static class ConditionEvaluator
{
    public static bool IsSatisfied(PolicyCondition condition, PolicyRequest request)
    {
        var requestValues = RequestValues(condition.Key, request);
        if (condition.Kind == ConditionOperatorKind.Null)
        {
            var absent = requestValues is null;
            return condition.Values.Any(value => bool.TryParse(value, out var wantAbsent) && wantAbsent == absent);
        }

        var negated = IsNegated(condition.Kind);
        if (requestValues is null)
        {
            return condition.IfExists
                || condition.Qualifier switch
                {
                    ConditionSetQualifier.ForAllValues => true,
                    ConditionSetQualifier.ForAnyValue => false,
                    _ => negated,
                };
        }

        // For a negated operator, a request value "passes" when it matches none of the policy values.
        bool Passes(string value) => MatchesAny(condition, value) != negated;

        return condition.Qualifier switch
        {
            ConditionSetQualifier.ForAllValues => requestValues.All(Passes),
            ConditionSetQualifier.ForAnyValue => requestValues.Any(Passes),
            _ => negated ? requestValues.All(Passes) : requestValues.Any(Passes),
        };
    }

    private static bool IsNegated(ConditionOperatorKind kind) => kind is ConditionOperatorKind.StringNotEquals
        or ConditionOperatorKind.StringNotEqualsIgnoreCase or ConditionOperatorKind.StringNotLike;

    private static bool MatchesAny(PolicyCondition condition, string requestValue)
    {
        foreach (var policyValue in condition.Values)
        {
            var match = condition.Kind switch
            {
                ConditionOperatorKind.StringEquals or ConditionOperatorKind.StringNotEquals =>
                    string.Equals(policyValue, requestValue, StringComparison.Ordinal),
                ConditionOperatorKind.StringEqualsIgnoreCase or ConditionOperatorKind.StringNotEqualsIgnoreCase or ConditionOperatorKind.Bool =>
                    string.Equals(policyValue, requestValue, StringComparison.OrdinalIgnoreCase),
                ConditionOperatorKind.StringLike or ConditionOperatorKind.StringNotLike =>
                    WildcardMatcher.IsMatch(policyValue, requestValue, ignoreCase: false),
                _ => false,
            };
            if (match)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The request's values for a condition key, or null when the request does not carry the key.</summary>
    private static List<string>? RequestValues(string key, PolicyRequest request)
    {
        if (key.StartsWith(ConditionKeys.EncryptionContextPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var contextKey = key[ConditionKeys.EncryptionContextPrefix.Length..];
            var values = request.EncryptionContext
                .Where(pair => string.Equals(pair.Key, contextKey, StringComparison.OrdinalIgnoreCase))
                .Select(pair => pair.Value)
                .ToList();
            return values.Count == 0 ? null : values;
        }

        if (Is(key, ConditionKeys.EncryptionContextKeys))
        {
            return request.EncryptionContext.Count == 0 ? null : request.EncryptionContext.Keys.ToList();
        }

        if (Is(key, ConditionKeys.CallerAccount) || Is(key, ConditionKeys.PrincipalAccount))
        {
            return [request.CallerAccount.Value];
        }

        if (Is(key, ConditionKeys.PrincipalArn))
        {
            return [request.PrincipalArn];
        }

        if (Is(key, ConditionKeys.ViaService))
        {
            return request.ViaService is null ? null : [request.ViaService];
        }

        if (Is(key, ConditionKeys.GrantIsForAwsResource))
        {
            return request.GrantIsForAwsResource is { } isForAws ? [isForAws ? "true" : "false"] : null;
        }

        return null;
    }

    private static bool Is(string key, string known) => string.Equals(key, known, StringComparison.OrdinalIgnoreCase);
}
