namespace Coffer.Keys.Policies;

/// <summary>The outcome of evaluating a key policy.</summary>
/// <param name="Allowed">An Allow statement applies and no Deny does.</param>
/// <param name="ExplicitDeny">A Deny statement applies (it beats every Allow and every grant).</param>
/// <param name="MatchedStatementSid">The Sid of the deciding statement: the first applicable Deny, else the first applicable Allow.</param>
public sealed record PolicyDecision(bool Allowed, bool ExplicitDeny, string? MatchedStatementSid)
{
    /// <summary>No statement applies: the implicit deny.</summary>
    public static PolicyDecision ImplicitDeny { get; } = new(false, false, null);
}
