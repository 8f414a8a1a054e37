using System.Diagnostics.CodeAnalysis;
using Coffer.Primitives;

namespace Coffer.Keys.Identifiers;

/// <summary>
/// A client-supplied <c>KeyId</c> classified into exactly one of the four forms: key id, key ARN, alias name or alias ARN.
/// Parsing checks the shape only; whether the key or alias exists, and whether an ARN's region and account are the
/// caller's, is for the key store to decide.
/// </summary>
public sealed class KeyReference
{
    private const string MultiRegionPrefix = "mrk-";
    private const string KeyResourcePrefix = "key/";

    private KeyReference(string text, KeyReferenceForms form, string? keyId, Guid? keyGuid, string? aliasName, string? region, AccountId? account)
    {
        Text = text;
        Form = form;
        KeyId = keyId;
        KeyGuid = keyGuid;
        AliasName = aliasName;
        Region = region;
        Account = account;
    }

    /// <summary>The reference exactly as the client sent it.</summary>
    public string Text { get; }

    /// <summary>The form: exactly one flag of <see cref="KeyReferenceForms"/>.</summary>
    public KeyReferenceForms Form { get; }

    /// <summary>For a key id or key ARN: the key id (<c>1234abcd-…</c> or <c>mrk-…</c>); otherwise <see langword="null"/>.</summary>
    public string? KeyId { get; }

    /// <summary>
    /// For a key id or key ARN: the id's 16 bytes as a <see cref="Guid"/> (RFC 4122 byte order, as in ciphertext
    /// blobs; for an <c>mrk-</c> id, its 32 hex digits); otherwise <see langword="null"/>.
    /// </summary>
    public Guid? KeyGuid { get; }

    /// <summary>For an alias name or alias ARN: the alias name, <c>alias/…</c>; otherwise <see langword="null"/>.</summary>
    public string? AliasName { get; }

    /// <summary>For an ARN: its region; otherwise <see langword="null"/>.</summary>
    public string? Region { get; }

    /// <summary>For an ARN: its account; otherwise <see langword="null"/>.</summary>
    public AccountId? Account { get; }

    /// <summary><see langword="true"/> for a key id or key ARN naming a multi-Region (<c>mrk-</c>) key.</summary>
    public bool IsMultiRegionKey => KeyId?.StartsWith(MultiRegionPrefix, StringComparison.Ordinal) == true;

    /// <summary><see langword="true"/> for a key ARN or alias ARN.</summary>
    public bool IsArn => Form is KeyReferenceForms.KeyArn or KeyReferenceForms.AliasArn;

    /// <summary><see langword="true"/> for an alias name or alias ARN.</summary>
    public bool IsAlias => Form is KeyReferenceForms.AliasName or KeyReferenceForms.AliasArn;

    /// <summary>
    /// Classifies <paramref name="text"/> and checks its form against <paramref name="allowed"/>.
    /// </summary>
    /// <param name="text">The client's <c>KeyId</c>.</param>
    /// <param name="allowed">The forms the operation accepts.</param>
    /// <param name="reference">The reference, when it parsed and its form is allowed.</param>
    /// <param name="failure">Why it did not; see <see cref="KeyReferenceFailure"/> for the AWS error each implies.</param>
    /// <param name="error">A message for the client (it quotes <paramref name="text"/>, which is not secret).</param>
    public static bool TryParse(
        string? text,
        KeyReferenceForms allowed,
        [NotNullWhen(true)] out KeyReference? reference,
        out KeyReferenceFailure failure,
        [NotNullWhen(false)] out string? error)
    {
        reference = Classify(text, out failure);
        if (reference is null)
        {
            error = failure == KeyReferenceFailure.InvalidArn ? $"Invalid arn {text}" : $"Invalid keyId {text}";
            return false;
        }

        if ((allowed & reference.Form) == 0)
        {
            reference = null;
            failure = KeyReferenceFailure.FormNotAllowed;
            error = $"Invalid keyId {text}";
            return false;
        }

        failure = KeyReferenceFailure.None;
        error = null;
        return true;
    }

    /// <summary>
    /// <see langword="true"/> when <paramref name="keyId"/> is a key id: a lowercase hyphenated UUID, or <c>mrk-</c> and
    /// 32 lowercase hex digits; <paramref name="keyGuid"/> then holds its 16 bytes (RFC 4122 byte order).
    /// </summary>
    public static bool IsValidKeyId([NotNullWhen(true)] string? keyId, out Guid keyGuid)
    {
        keyGuid = default;
        if (keyId is null)
        {
            return false;
        }

        if (keyId.StartsWith(MultiRegionPrefix, StringComparison.Ordinal))
        {
            var hex = keyId.AsSpan(MultiRegionPrefix.Length);
            if (hex.Length != 32 || !IsLowerHex(hex))
            {
                return false;
            }

            keyGuid = new Guid(Convert.FromHexString(hex), bigEndian: true);
            return true;
        }

        return keyId.Length == 36
            && IsLowerHex(keyId.Replace("-", string.Empty, StringComparison.Ordinal))
            && Guid.TryParseExact(keyId, "D", out keyGuid);
    }

    /// <summary>The text as the client sent it.</summary>
    public override string ToString() => Text;

    private static KeyReference? Classify(string? text, out KeyReferenceFailure failure)
    {
        failure = KeyReferenceFailure.Malformed;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            failure = KeyReferenceFailure.InvalidArn;
            return ClassifyArn(text);
        }

        if (text.StartsWith(AliasNames.Prefix, StringComparison.Ordinal))
        {
            return AliasNames.IsValid(text) ? new KeyReference(text, KeyReferenceForms.AliasName, null, null, text, null, null) : null;
        }

        return IsValidKeyId(text, out var guid) ? new KeyReference(text, KeyReferenceForms.KeyId, text, guid, null, null, null) : null;
    }

    private static KeyReference? ClassifyArn(string text)
    {
        if (!Arn.TryParse(text, out var arn)
            || !string.Equals(arn.Partition, Arn.AwsPartition, StringComparison.Ordinal)
            || !string.Equals(arn.Service, "kms", StringComparison.Ordinal)
            || !IsRegionShaped(arn.Region)
            || !AccountId.TryParse(arn.Account, out var account))
        {
            return null;
        }

        if (arn.Resource.StartsWith(KeyResourcePrefix, StringComparison.Ordinal))
        {
            var keyId = arn.Resource[KeyResourcePrefix.Length..];
            return IsValidKeyId(keyId, out var guid) ? new KeyReference(text, KeyReferenceForms.KeyArn, keyId, guid, null, arn.Region, account) : null;
        }

        return AliasNames.IsValid(arn.Resource)
            ? new KeyReference(text, KeyReferenceForms.AliasArn, null, null, arn.Resource, arn.Region, account)
            : null;
    }

    /// <summary>The shape of a region name: <c>us-east-1</c>, <c>us-gov-west-1</c>: lowercase words and a final number.</summary>
    private static bool IsRegionShaped(string region)
    {
        var parts = region.Split('-');
        return parts.Length >= 3
            && parts[0].Length == 2
            && parts[..^1].All(part => part.Length > 0 && part.All(char.IsAsciiLetterLower))
            && parts[^1].Length > 0 && parts[^1].All(char.IsAsciiDigit);
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
