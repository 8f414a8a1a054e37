namespace Coffer.Keys.Policies;

/// <summary>One statement of a key policy.</summary>
public sealed class PolicyStatement
{
    /// <summary>Creates a statement; the parser is the usual source.</summary>
    public PolicyStatement(
        string? sid,
        PolicyEffect effect,
        PolicyPrincipal principal,
        IReadOnlyList<string> actions,
        bool isNotAction,
        IReadOnlyList<string> resources,
        bool isNotResource,
        IReadOnlyList<PolicyCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(conditions);
        Sid = sid;
        Effect = effect;
        Principal = principal;
        Actions = actions;
        IsNotAction = isNotAction;
        Resources = resources;
        IsNotResource = isNotResource;
        Conditions = conditions;
    }

    /// <summary>The statement id, when the document gives one.</summary>
    public string? Sid { get; }

    /// <summary>Allow or Deny.</summary>
    public PolicyEffect Effect { get; }

    /// <summary>Whom the statement is about.</summary>
    public PolicyPrincipal Principal { get; }

    /// <summary>The Action (or NotAction) patterns.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary><see langword="true"/> when <see cref="Actions"/> came from NotAction.</summary>
    public bool IsNotAction { get; }

    /// <summary>The Resource (or NotResource) patterns.</summary>
    public IReadOnlyList<string> Resources { get; }

    /// <summary><see langword="true"/> when <see cref="Resources"/> came from NotResource.</summary>
    public bool IsNotResource { get; }

    /// <summary>Every condition; all must hold (AND).</summary>
    public IReadOnlyList<PolicyCondition> Conditions { get; }
}
