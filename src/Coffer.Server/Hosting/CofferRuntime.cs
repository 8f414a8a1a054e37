using Coffer.Audit;
using Coffer.Clusters;
using Coffer.Data.Secrets;
using Coffer.Keys.Store;
using Coffer.Server.Accounts;
using Coffer.Storage;
using Coffer.Storage.Metadata;
using Coffer.Storage.Volumes;

namespace Coffer.Server.Hosting;

/// <summary>
/// The opened state of one data directory: the metadata store (migrated), the root key (checked against the
/// fingerprint the directory was created with) and the account store. The server and every <c>coffer</c> command
/// open it the same way; the first opening creates the directory, the root key and the default account.
/// </summary>
internal sealed class CofferRuntime : IDisposable
{
    private readonly SqliteMetadataStore _store;
    private RootKey? _materialRootKey;

    private CofferRuntime(string dataDirectory, SqliteMetadataStore store, RootKey rootKey, AccountStore accounts, ServerSettings settings, KeyStore keys)
    {
        Keys = keys;
        DataDirectory = dataDirectory;
        _store = store;
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

    /// <summary>The key that wraps new KMS key material: the key-material key when one is configured, else the root key.</summary>
    public RootKey MaterialRootKey => _materialRootKey ?? RootKey;

    /// <summary>Every root key KMS key material may be wrapped under here (the root key, and the key-material key if any).</summary>
    public IReadOnlyList<RootKey> MaterialRootKeys => _materialRootKey is null ? [RootKey] : [_materialRootKey, RootKey];

    /// <summary>Accounts and credentials.</summary>
    public AccountStore Accounts { get; }

    /// <summary>DB cluster records.</summary>
    public ClusterStore Clusters { get; private set; } = null!;

    /// <summary>DB cluster snapshot records.</summary>
    public SnapshotStore Snapshots { get; private set; } = null!;

    /// <summary>Retained automated backups of deleted DB clusters.</summary>
    public AutomatedBackupStore AutomatedBackups { get; private set; } = null!;

    /// <summary>DB instance records and RDS resource tags.</summary>
    public InstanceStore Instances { get; private set; } = null!;

    /// <summary>Secrets Manager secrets (ciphertext only).</summary>
    public SecretStore Secrets { get; private set; } = null!;

    /// <summary>KMS keys, aliases and grants.</summary>
    public KeyStore Keys { get; }

    /// <summary>The server's own settings.</summary>
    public ServerSettings Settings { get; }

    /// <summary>
    /// Opens (initialising on first use) the data directory named by <paramref name="options"/>. Refuses a directory
    /// whose KMS key material is partly under a root key it was not given; <paramref name="incomingMaterialKey"/> (the
    /// new key of <c>coffer root-key rotate</c>, owned by the caller) counts as given.
    /// </summary>
    /// <exception cref="CofferStartupException">The directory cannot be used; the message says why and what to do.</exception>
    public static async Task<CofferRuntime> OpenAsync(CofferOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken, RootKey? incomingMaterialKey = null)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        PrivateFiles.CreateDirectory(dataDirectory);
        var (rootKey, rootKeyPath) = OpenRootKey(options, dataDirectory, logger);
        SqliteMetadataStore store;
        try
        {
            store = await SqliteMetadataStore.OpenAsync(dataDirectory, rootKey, [.. ServerSettingsMigrations.All, .. AccountMigrations.All, .. KeyMigrations.All, .. AuditMigrations.All, .. ClusterMigrations.All, .. InstanceMigrations.All, .. SecretMigrations.All], time, cancellationToken);
        }
        catch (MetadataStoreException e)
        {
            rootKey.Dispose();
            throw new CofferStartupException(e.InnerException is VolumeKeyMismatchException
                ? $"The root key in {rootKeyPath} is not the one the data directory {dataDirectory} was created with. Use the right root key file."
                : e.Message);
        }
        catch (VolumeException e)
        {
            rootKey.Dispose();
            throw new CofferStartupException($"The metadata store in {dataDirectory} cannot be opened: {e.Message}");
        }

        var settings = new ServerSettings(store);
        var accounts = new AccountStore(store, rootKey, time);
        KeyStore keys;
        try
        {
            keys = await KeyStore.LoadAsync(store, cancellationToken);
        }
        catch
        {
            accounts.Dispose();
            store.Dispose();
            rootKey.Dispose();
            throw;
        }

        var runtime = new CofferRuntime(dataDirectory, store, rootKey, accounts, settings, keys);
        try
        {
            runtime.Clusters = await ClusterStore.LoadAsync(store, cancellationToken);
            runtime.Instances = await InstanceStore.LoadAsync(store, cancellationToken);
            runtime.Snapshots = await SnapshotStore.LoadAsync(store, cancellationToken);
            runtime.AutomatedBackups = await AutomatedBackupStore.LoadAsync(store, cancellationToken);
            runtime.Secrets = await SecretStore.LoadAsync(store, cancellationToken);
            runtime._materialRootKey = OpenMaterialRootKey(options);
            if (RootKeyRotation.MissingFingerprints(keys, incomingMaterialKey is null ? runtime.MaterialRootKeys : [.. runtime.MaterialRootKeys, incomingMaterialKey]) is { Count: > 0 } missing)
            {
                throw new CofferStartupException(
                    $"Some KMS key material is wrapped under root key(s) {string.Join(", ", missing)}, which this server was not given. "
                    + $"A 'coffer root-key rotate' was interrupted or its new key is not configured: set {KeyMaterialKeyEnvironmentVariable} to the new key file "
                    + "(and run 'coffer root-key rotate --new-key-file' with it again to finish, if it was interrupted).");
            }

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

    /// <summary>The environment variable naming the key-material key file.</summary>
    public const string KeyMaterialKeyEnvironmentVariable = "COFFER_KEY_MATERIAL_KEY_FILE";

    /// <inheritdoc />
    public void Dispose()
    {
        _materialRootKey?.Dispose();
        Keys.Dispose();
        Secrets?.Dispose();
        Accounts.Dispose();
        _store.Dispose();
        RootKey.Dispose();
    }

    private static RootKey? OpenMaterialRootKey(CofferOptions options)
    {
        var configured = options.KeyMaterialKeyFile ?? Environment.GetEnvironmentVariable(KeyMaterialKeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        try
        {
            return RootKey.Load(Path.GetFullPath(configured));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CofferStartupException($"Cannot read the key-material key file {configured}: {e.Message}");
        }
    }

    private static (RootKey Key, string Path) OpenRootKey(CofferOptions options, string dataDirectory, ILogger logger)
    {
        var configured = options.RootKeyFile ?? Environment.GetEnvironmentVariable(Hosting.DataDirectory.RootKeyEnvironmentVariable);
        var path = Path.GetFullPath(configured ?? Path.Combine(dataDirectory, Hosting.DataDirectory.DefaultRootKeyFileName));
        var initialized = SqliteMetadataStore.Exists(dataDirectory);
        if (File.Exists(path))
        {
            try
            {
                return (RootKey.Load(path), path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new CofferStartupException($"Cannot read the root key file {path}: {e.Message}");
            }
        }

        if (!initialized && configured is null)
        {
            try
            {
                var created = RootKey.CreateFile(path);
                Log.RootKeyCreated(logger, path);
                return (created, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another coffer process initialising the same directory won the race: use its key.
                return (RootKey.Load(path), path);
            }
        }

        throw new CofferStartupException(!initialized
            ? $"The root key file {path} does not exist. Create it (32 random bytes, e.g. 'openssl rand -out {path} 32') or unset {Hosting.DataDirectory.RootKeyEnvironmentVariable}."
            : $"The root key file {path} does not exist, but the data directory {dataDirectory} was created with a root key. Restore the file (or point {Hosting.DataDirectory.RootKeyEnvironmentVariable} at it); without it nothing stored can be decrypted.");
    }
}
