namespace Coffer.Keys.Policies;

/// <summary>The Effect of a policy statement.</summary>
public enum PolicyEffect
{
    /// <summary>The statement grants the actions.</summary>
    Allow,

    /// <summary>The statement forbids the actions; an explicit deny beats every allow.</summary>
    Deny,
}
