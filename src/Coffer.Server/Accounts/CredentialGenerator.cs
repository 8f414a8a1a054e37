using System.Security.Cryptography;

namespace Coffer.Server.Accounts;

/// <summary>Random identifiers in AWS's formats, from <see cref="RandomNumberGenerator"/>.</summary>
internal static class CredentialGenerator
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary><c>AKIA</c> and 16 base32 characters, as IAM access key ids.</summary>
    public static string AccessKeyId() => "AKIA" + RandomNumberGenerator.GetString(Base32, 16);

    /// <summary>40 characters of the base64 alphabet (240 bits), as IAM secret access keys.</summary>
    public static string SecretAccessKey() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    /// <summary><c>AIDA</c> and 17 base32 characters, as IAM user ids.</summary>
    public static string UserId() => "AIDA" + RandomNumberGenerator.GetString(Base32, 17);
}
