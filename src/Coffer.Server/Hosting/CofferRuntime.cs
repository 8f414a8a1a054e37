using Coffer.Server.Accounts;
using Coffer.Storage;
using Coffer.Storage.Metadata;

namespace Coffer.Server.Hosting;

/// <summary>
/// The opened state of one data directory: the metadata store (migrated), the root key (checked against the
/// fingerprint the directory was created with) and the account store. The server and every <c>coffer</c> command
/// open it the same way; the first opening creates the directory, the root key and the default account.
/// </summary>
internal sealed class CofferRuntime : IDisposable
{
    private CofferRuntime(string dataDirectory, SqliteMetadataStore store, RootKey rootKey, AccountStore accounts, ServerSettings settings)
    {
        DataDirectory = dataDirectory;
        Store = store;
        RootKey = rootKey;
        Accounts = accounts;
        Settings = settings;
    }

    /// <summary>The absolute data directory path.</summary>
    public string DataDirectory { get; }

    /// <summary>The metadata store.</summary>
    public IMetadataStore Store { get; }

    /// <summary>The root key.</summary>
    public RootKey RootKey { get; }

    /// <summary>Accounts and credentials.</summary>
    public AccountStore Accounts { get; }

    /// <summary>The server's own settings.</summary>
    public ServerSettings Settings { get; }

    /// <summary>Opens (initialising on first use) the data directory named by <paramref name="options"/>.</summary>
    /// <exception cref="CofferStartupException">The directory cannot be used; the message says why and what to do.</exception>
    public static async Task<CofferRuntime> OpenAsync(CofferOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Hosting.DataDirectory.EnsurePrivateDirectory(dataDirectory);
        var storePath = Path.Combine(dataDirectory, SqliteMetadataStore.FileName);
        SqliteMetadataStore store;
        try
        {
            store = await SqliteMetadataStore.OpenAsync(storePath, [.. ServerSettingsMigrations.All, .. AccountMigrations.All], time, cancellationToken);
        }
        catch (MetadataStoreException e)
        {
            throw new CofferStartupException(e.Message);
        }

        var settings = new ServerSettings(store);
        var rootKey = await OpenRootKeyAsync(options, dataDirectory, settings, logger, cancellationToken);
        var accounts = new AccountStore(store, rootKey, time);
        var runtime = new CofferRuntime(dataDirectory, store, rootKey, accounts, settings);
        try
        {
            if ((await accounts.ListAsync(cancellationToken)).Count == 0)
            {
                var account = await accounts.CreateAsync(AccountStore.DefaultAccountName, cancellationToken);
                Log.AccountCreated(logger, account.Id.Value, account.Name, account.AccessKeyId);
            }
        }
        catch
        {
            runtime.Dispose();
            throw;
        }

        return runtime;
    }

    /// <summary>Rewrites the AWS CLI profile files from the accounts, for the endpoint the server last listened on.</summary>
    public async Task WriteCliProfilesAsync(string? endpointUrl, string region, CancellationToken cancellationToken)
    {
        if (endpointUrl is null)
        {
            endpointUrl = await Settings.GetAsync(ServerSettings.EndpointUrl, cancellationToken) ?? "http://127.0.0.1:4600";
        }
        else
        {
            await Settings.SetAsync(ServerSettings.EndpointUrl, endpointUrl, cancellationToken);
        }

        CliProfileFiles.Write(DataDirectory, endpointUrl, region, await Accounts.ReadProfilesAsync(cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Accounts.Dispose();
        RootKey.Dispose();
    }

    private static async Task<RootKey> OpenRootKeyAsync(CofferOptions options, string dataDirectory, ServerSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var configured = options.RootKeyFile ?? Environment.GetEnvironmentVariable(Hosting.DataDirectory.RootKeyEnvironmentVariable);
        var path = Path.GetFullPath(configured ?? Path.Combine(dataDirectory, Hosting.DataDirectory.DefaultRootKeyFileName));
        var expected = await settings.GetAsync(ServerSettings.RootKeyFingerprint, cancellationToken);
        RootKey rootKey;
        if (File.Exists(path))
        {
            try
            {
                rootKey = RootKey.Load(path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new CofferStartupException($"Cannot read the root key file {path}: {e.Message}");
            }
        }
        else if (expected is null && configured is null)
        {
            try
            {
                rootKey = RootKey.CreateFile(path);
                Log.RootKeyCreated(logger, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another coffer process initialising the same directory won the race: use its key.
                rootKey = RootKey.Load(path);
            }
        }
        else
        {
            throw new CofferStartupException(expected is null
                ? $"The root key file {path} does not exist. Create it (32 random bytes, e.g. 'openssl rand -out {path} 32') or unset {Hosting.DataDirectory.RootKeyEnvironmentVariable}."
                : $"The root key file {path} does not exist, but the data directory {dataDirectory} was created with a root key. Restore the file (or point {Hosting.DataDirectory.RootKeyEnvironmentVariable} at it); without it nothing stored can be decrypted.");
        }

        if (expected is null)
        {
            await settings.SetAsync(ServerSettings.RootKeyFingerprint, rootKey.Fingerprint, cancellationToken);
        }
        else if (expected != rootKey.Fingerprint)
        {
            rootKey.Dispose();
            throw new CofferStartupException($"The root key in {path} is not the one the data directory {dataDirectory} was created with (fingerprint {expected}). Use the right root key file.");
        }

        return rootKey;
    }
}
