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
}
