using System.Text.RegularExpressions;
using Coffer.Keys;
using Coffer.Keys.Identifiers;
using Coffer.Keys.Store;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>The <c>AliasName</c> field: 1–256 characters of <c>^[a-zA-Z0-9:/_-]+$</c>, else ValidationException (the model's shape).</summary>
internal static partial class AliasName
{
    /// <summary>Reads and checks the field; the <c>alias/</c> prefix and reserved names are the key service's to judge.</summary>
    public static string Read(KmsInput input)
    {
        var name = input.RequiredString("AliasName", 1, AliasNames.MaxLength);
        return Pattern().IsMatch(name)
            ? name
            : throw KmsErrors.Validation("aliasName", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$", name);
    }

    /// <summary>The ARN of the key an alias points at (the audit record's resource).</summary>
    public static string TargetArn(KmsAlias alias) => $"arn:aws:kms:{alias.Region}:{alias.Account}:key/{alias.TargetKeyId:D}";

    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$")]
    private static partial Regex Pattern();
}
