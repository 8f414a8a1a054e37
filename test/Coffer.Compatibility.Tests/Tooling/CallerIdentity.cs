using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coffer.Compatibility.Tests.Tooling;

/// <summary>Checks of a <c>GetCallerIdentity</c> answer as the AWS CLI prints it.</summary>
public static partial class CallerIdentity
{
    /// <summary>
    /// Asserts <paramref name="identity"/> is an account's admin: a 12-digit account, the ARN
    /// <c>arn:aws:iam::&lt;Account&gt;:user/admin</c> and an IAM user id (<c>AIDA…</c>). Returns the account.
    /// </summary>
    public static string AssertAdmin(JsonElement identity)
    {
        var account = identity.GetProperty("Account").GetString();
        Assert.NotNull(account);
        Assert.Matches(AccountId(), account);
        Assert.Equal($"arn:aws:iam::{account}:user/admin", identity.GetProperty("Arn").GetString());
        Assert.Matches(UserId(), identity.GetProperty("UserId").GetString());
        return account;
    }

    [GeneratedRegex(@"^\d{12}$")]
    public static partial Regex AccountId();

    [GeneratedRegex(@"^AIDA[A-Z2-7]{17}$")]
    private static partial Regex UserId();
}
