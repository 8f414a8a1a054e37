namespace Coffer.Primitives;

/// <summary>Who signed a request: established once at the edge, passed to every domain call.</summary>
/// <param name="Account">The caller's account.</param>
/// <param name="UserId">The principal's unique id (<c>AIDA…</c> for an IAM user).</param>
/// <param name="PrincipalArn">The principal's ARN, such as <c>arn:aws:iam::123456789012:user/admin</c>.</param>
/// <param name="AccessKeyId">The access key the request was signed with.</param>
/// <param name="Region">The region of the request's credential scope.</param>
public sealed record CallerIdentity(AccountId Account, string UserId, string PrincipalArn, string AccessKeyId, string Region);
