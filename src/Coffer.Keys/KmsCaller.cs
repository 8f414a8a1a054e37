using Coffer.Primitives;

namespace Coffer.Keys;

/// <summary>
/// Who calls the key service, from where, and through which AWS service. <see cref="ViaService"/> is set only by
/// Coffer's own services calling in-process on behalf of a principal (e.g. <c>rds.us-east-1.amazonaws.com</c>); a
/// request arriving over HTTP never has it, so <c>kms:ViaService</c> conditions cannot be met from outside.
/// </summary>
/// <param name="Account">The caller's account.</param>
/// <param name="PrincipalArn">The caller's principal ARN.</param>
/// <param name="Region">The region the request is for.</param>
/// <param name="AccessKeyId">The access key that signed the request, when there was one.</param>
/// <param name="ViaService">The AWS service the request came through, when it came through one.</param>
public sealed record KmsCaller(AccountId Account, string PrincipalArn, string Region, string? AccessKeyId = null, string? ViaService = null)
{
    /// <summary>The same principal, calling through <paramref name="service"/> (the in-process channel of Coffer's services).</summary>
    public KmsCaller Via(string service) => this with { ViaService = $"{service}.{Region}.amazonaws.com" };
}
