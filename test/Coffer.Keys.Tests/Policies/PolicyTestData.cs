using Coffer.Keys.Policies;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Policies;

/// <summary>Accounts, ARNs and request builders shared by the policy tests.</summary>
internal static class PolicyTestData
{
    public const string Account = "111122223333";
    public const string OtherAccount = "444455556666";
    public const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    public const string RootArn = "arn:aws:iam::111122223333:root";
    public const string AliceArn = "arn:aws:iam::111122223333:user/alice";
    public const string BobArn = "arn:aws:iam::111122223333:user/bob";
    public const string OtherAliceArn = "arn:aws:iam::444455556666:user/alice";

    public static PolicyRequest Request(
        string action = "kms:Decrypt",
        string principalArn = AliceArn,
        string? viaService = null,
        IReadOnlyDictionary<string, string>? context = null,
        bool? grantIsForAwsResource = null)
    {
        var callerAccount = Arn.TryParse(principalArn, out var arn) ? arn.Account : Account;
        return new PolicyRequest
        {
            CallerAccount = AccountId.Parse(callerAccount),
            PrincipalArn = principalArn,
            Action = action,
            KeyArn = KeyArn,
            KeyAccount = AccountId.Parse(Account),
            ViaService = viaService,
            EncryptionContext = context ?? new Dictionary<string, string>(),
            GrantIsForAwsResource = grantIsForAwsResource,
        };
    }

    /// <summary>A one-statement policy: <paramref name="statementBody"/> is the statement's JSON members after Sid.</summary>
    public static KeyPolicy Policy(string statementBody) =>
        KeyPolicy.Parse($$"""{"Version":"2012-10-17","Statement":[{"Sid":"S1",{{statementBody}}}]}""");

    /// <summary>An Allow of every kms action to everyone, with the given Condition block.</summary>
    public static KeyPolicy AllowWithCondition(string condition) =>
        Policy($$""" "Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{{condition}} """);
}
