using Coffer.Primitives;

namespace Coffer.Keys.Policies;

/// <summary>
/// Decides whether a statement's Principal covers the caller.
/// </summary>
/// <remarks>
/// In KMS, naming an account (<c>123456789012</c> or <c>arn:aws:iam::123456789012:root</c>) does not mean the root
/// user only: it delegates to the account's IAM policies. Coffer has no IAM policies, so the delegation is taken as
/// granted: every principal of that account matches. A role ARN also matches that role's STS sessions
/// (<c>arn:aws:sts::…:assumed-role/Name/session</c>), as in AWS.
/// </remarks>
internal static class PrincipalMatcher
{
    public static bool Matches(PolicyPrincipal principal, PolicyRequest request)
    {
        if (principal.IsWildcard)
        {
            return true;
        }

        foreach (var aws in principal.Aws)
        {
            if (MatchesAws(aws, request))
            {
                return true;
            }
        }

        foreach (var service in principal.Services)
        {
            if (string.Equals(service, request.PrincipalArn, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The account a principal entry names when it is an account (bare id or root ARN); otherwise null.</summary>
    public static string? AccountOf(string principal)
    {
        if (AccountId.TryParse(principal, out _))
        {
            return principal;
        }

        return Arn.TryParse(principal, out var arn) && arn.Service == "iam" && arn.Resource == "root" ? arn.Account : null;
    }

    public static bool IsValidAwsPrincipal(string principal) =>
        principal == "*" || AccountId.TryParse(principal, out _) || IsPrincipalArn(principal);

    /// <summary>
    /// Whether <paramref name="principal"/> is the ARN of an account root, IAM user, IAM role, assumed-role session or
    /// federated user (not a group, not a service).
    /// </summary>
    public static bool IsPrincipalArn(string principal)
    {
        if (!Arn.TryParse(principal, out var arn) || arn.Partition != Arn.AwsPartition || arn.Region.Length != 0
            || !AccountId.TryParse(arn.Account, out _))
        {
            return false;
        }

        return arn.Service switch
        {
            "iam" => arn.Resource == "root" || HasNamedPath(arn.Resource, "user/") || HasNamedPath(arn.Resource, "role/"),
            "sts" => HasNamedPath(arn.Resource, "assumed-role/") || HasNamedPath(arn.Resource, "federated-user/"),
            _ => false,
        };
    }

    public static bool IsValidServicePrincipal(string service) =>
        service.Length is > 2 and <= 256 && service.Contains('.', StringComparison.Ordinal)
        && service.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-');

    private static bool MatchesAws(string entry, PolicyRequest request)
    {
        if (entry == "*")
        {
            return true;
        }

        var account = AccountOf(entry);
        if (account is not null)
        {
            return account == request.CallerAccount.Value;
        }

        if (string.Equals(entry, request.PrincipalArn, StringComparison.Ordinal))
        {
            return true;
        }

        return IsSessionOfRole(entry, request.PrincipalArn);
    }

    private static bool IsSessionOfRole(string roleArnText, string callerArnText)
    {
        if (!Arn.TryParse(roleArnText, out var role) || role.Service != "iam" || !role.Resource.StartsWith("role/", StringComparison.Ordinal)
            || !Arn.TryParse(callerArnText, out var caller) || caller.Service != "sts" || caller.Account != role.Account
            || !caller.Resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            return false;
        }

        // role/path/Name → Name; assumed-role/Name/session → Name.
        var roleName = role.Resource[(role.Resource.LastIndexOf('/') + 1)..];
        var sessionParts = caller.Resource.Split('/');
        return sessionParts.Length >= 3 && sessionParts[1] == roleName;
    }

    private static bool HasNamedPath(string resource, string prefix) =>
        resource.Length > prefix.Length && resource.StartsWith(prefix, StringComparison.Ordinal) && !resource.EndsWith('/');
}
