using Coffer.Primitives;

namespace Coffer.Server.Accounts;

/// <summary>An account as <c>coffer accounts list</c> shows it.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Name">The account's name, also its CLI profile name.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="AccessKeyIds">The access keys of its admin principal.</param>
internal sealed record AccountSummary(AccountId Id, string Name, DateTimeOffset CreatedAt, IReadOnlyList<string> AccessKeyIds);
