using Coffer.Primitives;

namespace Coffer.Server.Accounts;

/// <summary>What SigV4 verification needs for one access key: whose it is, and its secret.</summary>
/// <param name="Account">The account the key belongs to.</param>
/// <param name="UserId">The principal's unique id.</param>
/// <param name="PrincipalArn">The principal's ARN.</param>
/// <param name="SecretAccessKey">The secret access key, kept only in memory.</param>
internal sealed record SigningIdentity(AccountId Account, string UserId, string PrincipalArn, string SecretAccessKey);
