using System.CommandLine;
using System.Globalization;
using Coffer.Server.Accounts;
using Coffer.Server.Hosting;
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

    private static async Task<int> WithRuntimeAsync(string? dataDirectory, Func<CofferRuntime, CofferOptions, Task<int>> action, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = CofferHost.ResolveOptions(configuration, dataDirectory);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        try
        {
            using var runtime = await CofferRuntime.OpenAsync(options, TimeProvider.System, logging.CreateLogger("Coffer.Server"), cancellationToken);
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
