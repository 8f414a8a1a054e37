using System.Text.Json.Nodes;
using Coffer.Primitives;

namespace Coffer.Keys.Policies;

/// <summary>
/// The policy KMS gives a key created without one: the account's root principal may do every kms action, which
/// delegates access to the account's own identities (KMS developer guide, key-policy-default).
/// </summary>
public static class DefaultKeyPolicy
{
    /// <summary>The default policy's Id.</summary>
    public const string Id = "key-default-1";

    /// <summary>The default policy's only statement id.</summary>
    public const string StatementSid = "Enable IAM User Permissions";

    /// <summary>
    /// The default policy text for <paramref name="account"/>, formatted byte for byte as GetKeyPolicy returns it
    /// (botocore's GetKeyPolicy example).
    /// </summary>
    public static string For(AccountId account)
    {
        var document = new JsonObject
        {
            ["Version"] = KeyPolicy.Version2012,
            ["Id"] = Id,
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Sid"] = StatementSid,
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{account.Value}:root" },
                ["Action"] = "kms:*",
                ["Resource"] = "*",
            }),
        };
        return PolicyJsonPrinter.Print(document);
    }
}
