using Coffer.Primitives;

namespace Coffer.Server.Accounts;

/// <summary>A freshly created account with its admin principal and access key: the only time the secret is returned.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Name">The account's name.</param>
/// <param name="PrincipalArn">The admin principal's ARN.</param>
/// <param name="AccessKeyId">The admin's access key id.</param>
/// <param name="SecretAccessKey">The admin's secret access key.</param>
internal sealed record NewAccount(AccountId Id, string Name, string PrincipalArn, string AccessKeyId, string SecretAccessKey);
