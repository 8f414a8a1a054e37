using System.Text.RegularExpressions;

namespace Coffer.Server.Tests.Support;

/// <summary>Reads profiles from a generated AWS CLI credentials file.</summary>
internal static partial class CredentialsFile
{
    /// <summary>The access key id and secret of <paramref name="profile"/>.</summary>
    public static (string AccessKeyId, string SecretAccessKey) Read(string path, string profile)
    {
        var text = File.ReadAllText(path);
        var match = Profile().Matches(text).SingleOrDefault(m => m.Groups["name"].Value == profile);
        Assert.True(match is not null, $"Profile [{profile}] is not in {path}:\n{text}");
        return (match.Groups["id"].Value, match.Groups["secret"].Value);
    }

    /// <summary>Every secret access key in the file.</summary>
    public static IReadOnlyList<string> Secrets(string path) =>
        [.. Profile().Matches(File.ReadAllText(path)).Select(m => m.Groups["secret"].Value)];

    [GeneratedRegex(@"\[(?<name>[^\]]+)\]\naws_access_key_id = (?<id>\S+)\naws_secret_access_key = (?<secret>\S+)")]
    private static partial Regex Profile();
}
