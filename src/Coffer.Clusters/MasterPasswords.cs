using System.Security.Cryptography;

namespace Coffer.Clusters;

/// <summary>RDS's rule for a master password, shared by CreateDBCluster and ModifyDBCluster.</summary>
public static class MasterPasswords
{
    /// <summary>The password when valid (8–128 printable ASCII characters without '/', '@', '"' or space), or InvalidParameterValue.</summary>
    public static string Validate(string? password)
    {
        if (password is not { Length: >= 8 and <= 128 } || password.Any(c => c is '/' or '"' or '@' || char.IsWhiteSpace(c)))
        {
            throw RdsErrors.InvalidParameterValue("The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used, and it must be 8 to 128 characters long.");
        }

        return password;
    }

    /// <summary>The length of a generated master password.</summary>
    internal const int GeneratedLength = 32;

    /// <summary>
    /// The characters of a generated password: printable ASCII without the four RDS refuses ('/', '@', '"', space) and
    /// without the ones that need quoting in a shell or a connection string (quote, backslash, backtick, '$', ';', '=').
    /// </summary>
    internal const string GeneratedAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%()*+,-.:<>?[]^_{|}~";

    /// <summary>
    /// A new master password for ManageMasterUserPassword: <see cref="GeneratedLength"/> characters drawn uniformly
    /// from <see cref="GeneratedAlphabet"/> by <see cref="RandomNumberGenerator"/> (about 204 bits), redrawn until it
    /// holds an upper-case letter, a lower-case letter, a digit and a punctuation character. Valid for <see cref="Validate"/>.
    /// </summary>
    public static string Generate()
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(GeneratedAlphabet, GeneratedLength);
            if (password.Any(char.IsAsciiLetterUpper) && password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiDigit) && password.Any(c => !char.IsAsciiLetterOrDigit(c)))
            {
                return password;
            }
        }
    }
}
