using System.Security.Cryptography;
using Coffer.Primitives;

namespace Coffer.Data.Secrets;

/// <summary>Secret names, ARNs and the identifiers (name, full ARN, partial ARN) requests use.</summary>
public static class SecretNames
{
    /// <summary>The longest name (botocore NameType).</summary>
    public const int MaxNameLength = 512;

    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>
    /// Whether <paramref name="name"/> is 1–512 characters of <c>A-Za-z0-9/_+=.@-</c>; a secret an AWS service creates
    /// for itself (<paramref name="serviceOwned"/>) may also use <c>!</c>, as in RDS's <c>rds!cluster-…</c>.
    /// </summary>
    public static bool IsValid(string? name, bool serviceOwned = false) =>
        name is { Length: >= 1 and <= MaxNameLength } &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '+' or '=' or '.' or '@' or '-' || (serviceOwned && c == '!'));

    /// <summary>A new ARN for <paramref name="name"/>: the name, a hyphen and six random letters or digits.</summary>
    public static string NewArn(AccountId account, string region, string name) =>
        Arn.Create("secretsmanager", region, account, $"secret:{name}-{RandomNumberGenerator.GetString(SuffixAlphabet, 6)}").ToString();

    /// <summary>
    /// What a SecretId names: an ARN (<paramref name="fullArn"/>, with <paramref name="name"/> the part after <c>secret:</c>, with or without
    /// the six-character suffix) or a plain name. <see langword="false"/> for an ARN of another service, region or
    /// account, which names nothing the caller can reach.
    /// </summary>
    public static bool TryParseSecretId(string secretId, AccountId account, string region, out string? fullArn, out string name)
    {
        ArgumentNullException.ThrowIfNull(secretId);
        fullArn = null;
        name = secretId;
        if (!secretId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return true;
        }

        if (!Arn.TryParse(secretId, out var arn) || arn.Service != "secretsmanager" || arn.Region != region || arn.Account != account.Value ||
            !arn.Resource.StartsWith("secret:", StringComparison.Ordinal))
        {
            return false;
        }

        fullArn = secretId;
        name = arn.Resource["secret:".Length..];
        return name.Length > 0;
    }
}
