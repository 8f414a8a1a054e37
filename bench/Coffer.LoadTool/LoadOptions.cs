using System.Globalization;

namespace Coffer.LoadTool;

/// <summary>The command line of the load tool.</summary>
internal sealed record LoadOptions
{
    public const string Usage = """
        coffer-load --endpoint URL --operation Decrypt|GenerateDataKey|Encrypt [options]
          --endpoint URL             the KMS endpoint, e.g. http://127.0.0.1:4600
          --region R                 region of the credential scope (default us-east-1)
          --access-key K --secret-key S
                                     credentials; otherwise read from --credentials-file/--profile
          --credentials-file F       AWS shared credentials file (default ~/.aws/credentials or $AWS_SHARED_CREDENTIALS_FILE)
          --profile P                profile in that file (default $AWS_PROFILE or default)
          --operation OP             Decrypt, GenerateDataKey or Encrypt (default Decrypt)
          --concurrency N            concurrent clients, each with its own connection (default 32)
          --requests M               measured requests in total (default 20000)
          --warmup W                 unmeasured requests first (default 500)
          --key-id ID                the key to use; a new key is created when absent
          --bytes B                  plaintext bytes for Encrypt and Decrypt (default 32)
          --label L                  name printed in the summary line (default the endpoint)
        """;

    public required Uri Endpoint { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    public string? CredentialsFile { get; init; }

    public string? Profile { get; init; }

    public string Operation { get; init; } = "Decrypt";

    public int Concurrency { get; init; } = 32;

    public int Requests { get; init; } = 20_000;

    public int Warmup { get; init; } = 500;

    public string? KeyId { get; init; }

    public int Bytes { get; init; } = 32;

    public string? Label { get; init; }

    /// <summary>Parses <paramref name="args"/>; <see langword="null"/> with <paramref name="error"/> set when they are wrong.</summary>
    public static LoadOptions? Parse(string[] args, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"Unexpected argument '{args[i]}'.";
                return null;
            }

            values[args[i][2..]] = args[++i];
        }

        string[] known = ["endpoint", "region", "access-key", "secret-key", "credentials-file", "profile", "operation", "concurrency", "requests", "warmup", "key-id", "bytes", "label"];
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            error = $"Unknown option --{unknown}.";
            return null;
        }

        if (!values.TryGetValue("endpoint", out var endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            error = "--endpoint needs an absolute URL.";
            return null;
        }

        var operation = values.GetValueOrDefault("operation", "Decrypt");
        if (operation is not ("Decrypt" or "GenerateDataKey" or "Encrypt"))
        {
            error = "--operation must be Decrypt, GenerateDataKey or Encrypt.";
            return null;
        }

        if (values.ContainsKey("access-key") != values.ContainsKey("secret-key"))
        {
            error = "--access-key and --secret-key go together.";
            return null;
        }

        error = null;
        var options = new LoadOptions
        {
            Endpoint = uri,
            Region = values.GetValueOrDefault("region", "us-east-1"),
            AccessKey = values.GetValueOrDefault("access-key"),
            SecretKey = values.GetValueOrDefault("secret-key"),
            CredentialsFile = values.GetValueOrDefault("credentials-file"),
            Profile = values.GetValueOrDefault("profile"),
            Operation = operation,
            Concurrency = Number(values, "concurrency", 32, 1, 4096, ref error),
            Requests = Number(values, "requests", 20_000, 1, 100_000_000, ref error),
            Warmup = Number(values, "warmup", 500, 0, 100_000_000, ref error),
            KeyId = values.GetValueOrDefault("key-id"),
            Bytes = Number(values, "bytes", 32, 1, 4096, ref error),
            Label = values.GetValueOrDefault("label"),
        };
        return error is null ? options : null;
    }

    private static int Number(Dictionary<string, string> values, string name, int fallback, int min, int max, ref string? error)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error ??= $"--{name} must be a whole number from {min} to {max}.";
        return fallback;
    }
}
