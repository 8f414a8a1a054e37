using System.CommandLine;
using System.Globalization;
using Coffer.Keys.Store;
using Coffer.Server.Accounts;
using Coffer.Server.Hosting;
using Coffer.Storage;
using Coffer.Storage.Metadata;

namespace Coffer.Server.Cli;

/// <summary>
/// The <c>coffer</c> command line: with no command it serves; <c>accounts create NAME</c> and <c>accounts list</c>
/// work on the same data directory, also while a server runs on it.
/// </summary>
internal static class CofferCommands
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "The data directory (default ./.coffer, or COFFER_DATA_DIR).",
            Recursive = true,
        };
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen, ';'-separated (default {CofferHost.DefaultUrl}). Plain http only on loopback.",
        };

        var root = new RootCommand("Coffer: Aurora-style encryption at rest on your own machines, behind the AWS APIs.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(dataDirectory);
        root.Options.Add(urls);
        root.SetAction((result, _) => CofferHost.RunAsync(args, result.GetValue(dataDirectory), Console.Out));

        var name = new Argument<string>("NAME") { Description = "The account's name, also its AWS CLI profile name." };
        var create = new Command("create", "Create an account with an admin access key, and add its profile to the AWS CLI files.") { name };
        create.SetAction((result, cancellationToken) => CreateAccountAsync(result.GetValue(dataDirectory), result.GetValue(name)!, cancellationToken));
        var list = new Command("list", "List the accounts.");
        list.SetAction((result, cancellationToken) => ListAccountsAsync(result.GetValue(dataDirectory), cancellationToken));
        var accounts = new Command("accounts", "Manage accounts.") { create, list };
        accounts.TreatUnmatchedTokensAsErrors = true;
        root.Subcommands.Add(accounts);

        var newKeyFile = new Option<string>("--new-key-file")
        {
            Description = "The new key (32 bytes, raw, base64 or hex), e.g. made with 'openssl rand -out F 32'.",
            Required = true,
        };
        var rotate = new Command("rotate", RootKeyRotateHelp) { newKeyFile };
        rotate.SetAction((result, cancellationToken) => RotateRootKeyAsync(result.GetValue(dataDirectory), result.GetValue(newKeyFile)!, cancellationToken));
        var rootKey = new Command("root-key", "Manage the root key.") { rotate };
        rootKey.TreatUnmatchedTokensAsErrors = true;
        root.Subcommands.Add(rootKey);

        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> CreateAccountAsync(string? dataDirectory, string name, CancellationToken cancellationToken)
    {
        return await WithRuntimeAsync(dataDirectory, async (runtime, options) =>
        {
            NewAccount account;
            try
            {
                account = await runtime.Accounts.CreateAsync(name, cancellationToken);
            }
            catch (AccountException e)
            {
                await Console.Error.WriteLineAsync("coffer: " + e.Message);
                return 1;
            }

            await runtime.WriteCliProfilesAsync(null, options.DefaultRegion, cancellationToken);
            Console.WriteLine($"Created account {account.Id} ({account.Name}) with admin {account.PrincipalArn} and access key {account.AccessKeyId}.");
            Console.WriteLine($"Its profile '{account.Name}' is in {CliProfileFiles.ConfigPath(runtime.DataDirectory)} and {CliProfileFiles.CredentialsPath(runtime.DataDirectory)}:");
            Console.WriteLine(CliProfileFiles.ExportLines(runtime.DataDirectory));
            Console.WriteLine($"aws --profile {account.Name} sts get-caller-identity");
            return 0;
        }, cancellationToken);
    }

    private static async Task<int> ListAccountsAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        return await WithRuntimeAsync(dataDirectory, async (runtime, _) =>
        {
            var accounts = await runtime.Accounts.ListAsync(cancellationToken);
            var nameWidth = Math.Max(4, accounts.Max(a => a.Name.Length));
            Console.WriteLine($"{"ACCOUNT",-12}  {"NAME".PadRight(nameWidth)}  {"CREATED",-20}  ACCESS KEYS");
            foreach (var account in accounts)
            {
                Console.WriteLine($"{account.Id.Value,-12}  {account.Name.PadRight(nameWidth)}  {account.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),-20}  {string.Join(",", account.AccessKeyIds)}");
            }

            return 0;
        }, cancellationToken);
    }

    private const string RootKeyRotateHelp =
        "Re-wrap every KMS key's material under a new key. Stop the server first. Each material row records the fingerprint " +
        "of the key that wraps it and is rewritten in its own transaction, so an interruption leaves every row readable under " +
        "exactly one of the two keys; run the command again to finish (rows under the new key are skipped). Afterwards start " +
        "the server with COFFER_KEY_MATERIAL_KEY_FILE (or Coffer:KeyMaterialKeyFile) naming the new file, and keep the root " +
        "key file too: the metadata volume and account secrets stay under the root key. A server not given a key that some " +
        "row names refuses to start.";

    private static async Task<int> RotateRootKeyAsync(string? dataDirectory, string newKeyFile, CancellationToken cancellationToken)
    {
        RootKey newKey;
        try
        {
            newKey = RootKey.Load(Path.GetFullPath(newKeyFile));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"coffer: cannot read the new key file {newKeyFile}: {e.Message}");
            return 2;
        }

        using (newKey)
        {
            return await WithRuntimeAsync(dataDirectory, async (runtime, _) =>
            {
                if (newKey.Fingerprint == runtime.RootKey.Fingerprint)
                {
                    await Console.Error.WriteLineAsync("coffer: the new key is the root key; give a new one.");
                    return 1;
                }

                var (rewrapped, skipped) = await RootKeyRotation.RewrapAsync(runtime.Keys, newKey, runtime.MaterialRootKeys, RotationHook, cancellationToken);
                Console.WriteLine($"Rewrapped {rewrapped} key material rows under key {newKey.Fingerprint}; {skipped} were under it already.");
                Console.WriteLine($"Start the server with {CofferRuntime.KeyMaterialKeyEnvironmentVariable}={Path.GetFullPath(newKeyFile)} and the same root key file as before.");
                return 0;
            }, cancellationToken, newKey);
        }
    }

    /// <summary>A test hook run after each rewrapped row (crash injection); null in production.</summary>
    internal static Action<int>? RotationHook { get; set; }

    private static async Task<int> WithRuntimeAsync(string? dataDirectory, Func<CofferRuntime, CofferOptions, Task<int>> action, CancellationToken cancellationToken, RootKey? incomingMaterialKey = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = CofferHost.ResolveOptions(configuration, dataDirectory);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        try
        {
            using var runtime = await CofferRuntime.OpenAsync(options, TimeProvider.System, logging.CreateLogger("Coffer.Server"), cancellationToken, incomingMaterialKey);
            return await action(runtime, options);
        }
        catch (CofferStartupException e)
        {
            await Console.Error.WriteLineAsync("coffer: " + e.Message);
            return 2;
        }
        finally
        {
            SqliteMetadataStore.ReleaseConnections();
        }
    }
}
