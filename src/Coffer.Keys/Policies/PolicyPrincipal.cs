namespace Coffer.Keys.Policies;

/// <summary>
/// The Principal element of a statement: <c>"*"</c>, or <c>{"AWS": …, "Service": …}</c>.
/// <c>{"AWS": "*"}</c> is the same as <c>"*"</c>.
/// </summary>
/// <param name="IsWildcard">Every principal (<c>"*"</c> or <c>{"AWS": "*"}</c>).</param>
/// <param name="Aws">Account ids and IAM/STS ARNs, as written.</param>
/// <param name="Services">Service principals such as <c>rds.amazonaws.com</c>.</param>
public sealed record PolicyPrincipal(bool IsWildcard, IReadOnlyList<string> Aws, IReadOnlyList<string> Services);
