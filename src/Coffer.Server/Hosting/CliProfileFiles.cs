using System.Text;
using Coffer.Storage;

namespace Coffer.Server.Hosting;

/// <summary>
/// The AWS CLI <c>config</c> and <c>credentials</c> files under <c>&lt;data-dir&gt;/aws/</c>, one profile per account
/// (the first is <c>default</c>). Coffer owns these files and rewrites them whole, atomically, from the metadata store.
/// The credentials file holds the admin secrets in clear, as any AWS credentials file does: it is created with mode 0600.
/// </summary>
internal static class CliProfileFiles
{
    /// <summary>The folder under the data directory.</summary>
    public const string FolderName = "aws";

    /// <summary>The <c>config</c> file path.</summary>
    public static string ConfigPath(string dataDirectory) => Path.Combine(dataDirectory, FolderName, "config");

    /// <summary>The <c>credentials</c> file path.</summary>
    public static string CredentialsPath(string dataDirectory) => Path.Combine(dataDirectory, FolderName, "credentials");

    /// <summary>Writes both files for <paramref name="profiles"/>.</summary>
    public static void Write(string dataDirectory, string endpointUrl, string region, IEnumerable<(string Name, string AccessKeyId, string SecretAccessKey)> profiles)
    {
        var folder = Path.Combine(dataDirectory, FolderName);
        PrivateFiles.CreateDirectory(folder);
        var header = $"# Written by Coffer for {dataDirectory}.\n# Coffer rewrites this file when accounts change or the server listens elsewhere; edits are lost.\n";
        var config = new StringBuilder(header);
        var credentials = new StringBuilder(header);
        foreach (var (name, accessKeyId, secret) in profiles)
        {
            config.Append('\n').Append(name == "default" ? "[default]" : $"[profile {name}]").Append('\n')
                .Append("region = ").Append(region).Append('\n')
                .Append("endpoint_url = ").Append(endpointUrl).Append('\n')
                .Append("output = json\n");
            credentials.Append('\n').Append('[').Append(name).Append("]\n")
                .Append("aws_access_key_id = ").Append(accessKeyId).Append('\n')
                .Append("aws_secret_access_key = ").Append(secret).Append('\n');
        }

        WriteAtomically(ConfigPath(dataDirectory), config.ToString());
        WriteAtomically(CredentialsPath(dataDirectory), credentials.ToString());
    }

    /// <summary>The two shell lines that point the AWS CLI and SDKs at these files.</summary>
    public static string ExportLines(string dataDirectory) =>
        $"export AWS_CONFIG_FILE={ShellQuote(ConfigPath(dataDirectory))}\nexport AWS_SHARED_CREDENTIALS_FILE={ShellQuote(CredentialsPath(dataDirectory))}";

    /// <summary>A path as a POSIX shell word: unchanged when it is plain, else single-quoted.</summary>
    internal static string ShellQuote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ',' or ':' or '@' or '%')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void WriteAtomically(string path, string content)
    {
        var temporary = path + ".tmp-" + Environment.ProcessId;
        using (var stream = new FileStream(temporary, PrivateFiles.WriteOptions(FileMode.Create)))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
