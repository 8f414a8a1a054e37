namespace Coffer.Keys.Policies;

/// <summary>
/// Evaluates a key policy the way AWS does for a single resource policy: an applicable Deny wins, then any
/// applicable Allow, otherwise the implicit deny.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Evaluates <paramref name="policy"/> for <paramref name="request"/>.</summary>
    public static PolicyDecision Evaluate(KeyPolicy policy, PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        PolicyStatement? allow = null;
        foreach (var statement in policy.Statements)
        {
            if (!Applies(statement, request))
            {
                continue;
            }

            if (statement.Effect == PolicyEffect.Deny)
            {
                return new PolicyDecision(false, true, statement.Sid);
            }

            allow ??= statement;
        }

        return allow is null ? PolicyDecision.ImplicitDeny : new PolicyDecision(true, false, allow.Sid);
    }

    /// <summary>Whether a statement's principal, action, resource and every condition cover the request.</summary>
    public static bool Applies(PolicyStatement statement, PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(request);
        return PrincipalMatcher.Matches(statement.Principal, request)
            && AnyMatch(statement.Actions, request.Action, ignoreCase: true) != statement.IsNotAction
            && AnyMatch(statement.Resources, request.KeyArn, ignoreCase: false) != statement.IsNotResource
            && statement.Conditions.All(condition => ConditionEvaluator.IsSatisfied(condition, request));
    }

    private static bool AnyMatch(IReadOnlyList<string> patterns, string value, bool ignoreCase)
    {
        foreach (var pattern in patterns)
        {
            if (WildcardMatcher.IsMatch(pattern, value, ignoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
