using Coffer.Clusters;
using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Server.Services.Rds;
using Coffer.Storage;
using Coffer.Storage.Metadata;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Server.Tests.Services.Rds;

/// <summary>ManageMasterUserPassword with the real secrets service behind the control plane's <see cref="IMasterUserSecrets"/> seam.</summary>
public sealed class MasterUserSecretTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private readonly RootKey _rootKey = RootKey.CreateRandom();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly KmsCaller _alice = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/alice", "eu-west-1", "AKIAALICE");
    private SqliteMetadataStore _metadata = null!;
    private KeyService _keys = null!;
    private SecretsService _secrets = null!;
    private ClusterService _clusters = null!;

    public async Task InitializeAsync()
    {
        _metadata = await SqliteMetadataStore.OpenAsync(_directory.Path, _rootKey, [.. KeyMigrations.All, .. ClusterMigrations.All, .. InstanceMigrations.All, .. SecretMigrations.All], _time, default);
        _keys = new KeyService(await KeyStore.LoadAsync(_metadata, default), _rootKey, _time, new KeysOptions());
        _secrets = new SecretsService(await SecretStore.LoadAsync(_metadata, default), _keys, _time);
        _clusters = new ClusterService(await ClusterStore.LoadAsync(_metadata, default), _keys, _rootKey, new ClusterOptions { Directory = Path.Combine(_directory.Path, "clusters") }, _time, NullLogger<ClusterService>.Instance)
        {
            MasterUserSecrets = new SecretsManagerMasterUserSecrets(_secrets),
        };
    }

    public async Task DisposeAsync()
    {
        await _clusters.DisposeAsync();
        _secrets.Dispose();
        _keys.Dispose();
        _keys.Store.Dispose();
        _metadata.Dispose();
        _rootKey.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Create_WithManageMasterUserPassword_KeepsAGeneratedPasswordInTheClustersSecret()
    {
        var cluster = await CreateAsync("managed", manage: true);

        var secret = Assert.IsType<MasterUserSecret>(cluster.MasterUserSecret);
        var described = _secrets.DescribeSecret(_alice, secret.SecretArn);
        Assert.Equal("rds!cluster-" + cluster.ResourceId["cluster-".Length..], described.Name);
        Assert.Equal(SecretsService.RdsOwningService, described.OwningService);
        var managedKey = await _keys.DescribeKeyAsync(_alice, "alias/aws/secretsmanager", null, default);
        Assert.Equal(managedKey.Arn, secret.KmsKeyArn);
        var (username, password) = await _secrets.ReadMasterUserSecretAsync(_alice, secret.SecretArn, default);
        Assert.Equal("admin", username);
        Assert.Equal(32, password.Length);
        Assert.Equal(password, MasterPasswords.Validate(password));
        Assert.Same(cluster.MasterUserSecret, _clusters.Describe(_alice, "managed")[0].MasterUserSecret);
    }

    [Fact]
    public async Task Create_WithMasterUserSecretKmsKeyIdAsAlias_EncryptsTheSecretUnderThatKeyAndReportsItsArn()
    {
        var key = await _keys.CreateKeyAsync(_alice, null, "secret key", false, new Dictionary<string, string>(), default);
        await _keys.CreateAliasAsync(_alice, "alias/db-secrets", key.KeyId, default);

        var cluster = await CreateAsync("own-key", manage: true, secretKey: "alias/db-secrets");

        Assert.Equal(key.Arn, cluster.MasterUserSecret!.KmsKeyArn);
        Assert.Equal(key.Arn, _secrets.Store.FindByArn(cluster.MasterUserSecret.SecretArn)!.WithStage(SecretsService.Current)!.KeyArn);
    }

    [Fact]
    public async Task Create_WithBothPasswordAndManageMasterUserPassword_IsInvalidParameterCombinationAndCreatesNothing()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CreateAsync("both", manage: true, password: "Passw0rd!"));

        Assert.Equal("InvalidParameterCombination", error.Code);
        Assert.Empty(_clusters.Describe(_alice, null));
        Assert.Empty(_secrets.Store.All);
    }

    [Fact]
    public async Task Create_WithSecretKeyButWithoutManageMasterUserPassword_IsInvalidParameterCombination()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CreateAsync("key-only", manage: false, password: "Passw0rd!", secretKey: "alias/aws/secretsmanager"));

        Assert.Equal("InvalidParameterCombination", error.Code);
    }

    [Fact]
    public async Task Create_WithAnUnusableSecretKey_IsKmsKeyNotAccessibleAndLeavesNoCluster()
    {
        var key = await _keys.CreateKeyAsync(_alice, null, "disabled", false, new Dictionary<string, string>(), default);
        await _keys.DisableKeyAsync(_alice, key.KeyId, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CreateAsync("bad-key", manage: true, secretKey: key.Arn));

        Assert.Equal("KMSKeyNotAccessibleFault", error.Code);
        Assert.Empty(_clusters.Describe(_alice, null));
    }

    [Fact]
    public async Task Modify_RotateMasterUserPassword_WritesANewCurrentVersionAndKeepsThePreviousOne()
    {
        var cluster = await CreateAsync("rotate", manage: true);
        var (_, before) = await _secrets.ReadMasterUserSecretAsync(_alice, cluster.MasterUserSecret!.SecretArn, default);

        var modified = await _clusters.ModifyAsync(_alice, new ModifyClusterRequest { Identifier = "rotate", RotateMasterUserPassword = true }, default);

        var (_, after) = await _secrets.ReadMasterUserSecretAsync(_alice, modified.MasterUserSecret!.SecretArn, default);
        Assert.NotEqual(before, after);
        Assert.NotEqual(cluster.MasterPasswordSealed, modified.MasterPasswordSealed);
        using var previous = await _secrets.GetSecretValueAsync(_alice, modified.MasterUserSecret.SecretArn, null, SecretsService.Previous, default);
        using var previousJson = System.Text.Json.JsonDocument.Parse(previous.Value.AsString());
        Assert.Equal(before, previousJson.RootElement.GetProperty("password").GetString());
    }

    [Fact]
    public async Task Modify_RotateOnAClusterWithoutSecret_IsInvalidParameterCombination()
    {
        await CreateAsync("plain", manage: false, password: "Passw0rd!");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.ModifyAsync(_alice, new ModifyClusterRequest { Identifier = "plain", RotateMasterUserPassword = true }, default));

        Assert.Equal("InvalidParameterCombination", error.Code);
    }

    [Fact]
    public async Task Modify_ManageMasterUserPasswordTrue_CreatesTheSecretWithANewPasswordAndReseals()
    {
        var cluster = await CreateAsync("later", manage: false, password: "Passw0rd!");

        var modified = await _clusters.ModifyAsync(_alice, new ModifyClusterRequest { Identifier = "later", ManageMasterUserPassword = true }, default);

        var (_, password) = await _secrets.ReadMasterUserSecretAsync(_alice, modified.MasterUserSecret!.SecretArn, default);
        Assert.NotEqual("Passw0rd!", password);
        Assert.NotEqual(cluster.MasterPasswordSealed, modified.MasterPasswordSealed);
    }

    [Fact]
    public async Task Modify_ManageMasterUserPasswordFalse_RequiresAPasswordThenDeletesTheSecret()
    {
        var cluster = await CreateAsync("stop-managing", manage: true);
        var secretArn = cluster.MasterUserSecret!.SecretArn;

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.ModifyAsync(_alice, new ModifyClusterRequest { Identifier = "stop-managing", ManageMasterUserPassword = false }, default));
        var modified = await _clusters.ModifyAsync(_alice, new ModifyClusterRequest { Identifier = "stop-managing", ManageMasterUserPassword = false, MasterUserPassword = "NewPassw0rd!" }, default);

        Assert.Equal("InvalidParameterCombination", missing.Code);
        Assert.Null(modified.MasterUserSecret);
        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => _secrets.ReadMasterUserSecretAsync(_alice, secretArn, default));
        Assert.Equal(SecretsErrors.Codes.ResourceNotFound, gone.Code);
    }

    [Fact]
    public async Task Modify_MasterUserPasswordWhileManaged_IsInvalidParameterCombination()
    {
        await CreateAsync("managed-set", manage: true);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _clusters.ModifyAsync(_alice, new ModifyClusterRequest { Identifier = "managed-set", MasterUserPassword = "Passw0rd!" }, default));

        Assert.Equal("InvalidParameterCombination", error.Code);
    }

    [Fact]
    public async Task Delete_ClusterWithManagedPassword_DeletesItsSecret()
    {
        var cluster = await CreateAsync("doomed", manage: true);

        await _clusters.DeleteAsync(_alice, "doomed", skipFinalSnapshot: true, null, default);
        await _clusters.DrainAsync();

        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => _secrets.ReadMasterUserSecretAsync(_alice, cluster.MasterUserSecret!.SecretArn, default));
        Assert.Equal(SecretsErrors.Codes.ResourceNotFound, gone.Code);
    }

    private async Task<DbCluster> CreateAsync(string identifier, bool manage, string? password = null, string? secretKey = null)
    {
        var created = await _clusters.CreateAsync(_alice, new CreateClusterRequest
        {
            Identifier = identifier,
            Engine = ClusterEngine.Name,
            MasterUsername = "admin",
            MasterUserPassword = password,
            ManageMasterUserPassword = manage,
            MasterUserSecretKmsKeyId = secretKey,
        }, default);
        await _clusters.DrainAsync();
        return _clusters.Store.FindByResourceId(created.ResourceId)!;
    }
}
