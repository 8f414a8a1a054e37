namespace Coffer.LoadTool;

/// <summary>Reads an access key and secret from an AWS shared credentials file (INI).</summary>
internal static class SharedCredentials
{
    /// <summary>The profile's key and secret, or <see langword="null"/> when the file or profile lacks them.</summary>
    public static (string AccessKey, string SecretKey)? Read(string? file, string? profile)
    {
        file ??= Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials");
        profile ??= Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default";
        if (!File.Exists(file))
        {
            return null;
        }

        string? section = null, key = null, secret = null;
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1].Trim();
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (section != profile || equals < 0)
            {
                continue;
            }

            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (name == "aws_access_key_id")
            {
                key = value;
            }
            else if (name == "aws_secret_access_key")
            {
                secret = value;
            }
        }

        return key is null || secret is null ? null : (key, secret);
    }
}
