using Coffer.Data.Secrets;
using Coffer.Primitives;

namespace Coffer.Data.Tests.Secrets;

/// <summary>Envelope encryption under KMS: the default key, customer keys, key loss, re-encryption and what reaches disk.</summary>
public sealed class SecretsServiceKeyTests
{
    [Fact]
    public async Task CreateSecret_WithoutKey_UsesTheAwsManagedSecretsManagerKeyCreatedOnFirstUse()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        Assert.Null(bed.Keys.Store.FindAlias(bed.Alice.Account, "eu-west-1", "alias/aws/secretsmanager"));

        await bed.CreateAsync("default-key", "v");

        var alias = bed.Keys.Store.FindAlias(bed.Alice.Account, "eu-west-1", "alias/aws/secretsmanager");
        Assert.NotNull(alias);
        Assert.Null(bed.Secrets.DescribeSecret(bed.Alice, "default-key").KmsKeyId);
        Assert.EndsWith(alias.TargetKeyId.ToString(), bed.Secrets.DescribeSecret(bed.Alice, "default-key").Versions[0].KeyArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyUses_AreViaSecretsManagerWithTheSecretArnAndVersionContext()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var key = await bed.CreateKeyAsync();
        var created = await bed.CreateAsync("ctx", "v", key);
        await bed.GetAsync("ctx");

        Assert.Equal(["GenerateDataKey", "Decrypt"], bed.KeyUses.Select(u => u.Operation));
        Assert.All(bed.KeyUses, use =>
        {
            Assert.Equal("secretsmanager.eu-west-1.amazonaws.com", use.Caller.ViaService);
            Assert.Equal(key, use.KeyId);
            Assert.Equal(created.Arn, use.EncryptionContext["SecretARN"]);
            Assert.Equal(created.VersionId, use.EncryptionContext["SecretVersionId"]);
            Assert.Null(use.ErrorCode);
        });
    }

    [Fact]
    public async Task DisabledKey_GetThrowsDecryptionFailureAndPutEncryptionFailure_EnableRestoresBoth()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var key = await bed.CreateKeyAsync();
        await bed.CreateAsync("lost", "v", key);

        await bed.Keys.DisableKeyAsync(bed.Alice, key, default);
        var get = await Assert.ThrowsAsync<AwsServiceException>(() => bed.GetAsync("lost"));
        var put = await Assert.ThrowsAsync<AwsServiceException>(() => bed.PutAsync("lost", "w"));
        await bed.Keys.EnableKeyAsync(bed.Alice, key, default);

        Assert.Equal(SecretsErrors.Codes.DecryptionFailure, get.Code);
        Assert.Equal(400, get.HttpStatus);
        Assert.Contains("is disabled", get.Message, StringComparison.Ordinal);
        Assert.Equal(SecretsErrors.Codes.EncryptionFailure, put.Code);
        Assert.Equal("v", await bed.GetAsync("lost"));
        Assert.Equal("DisabledException", bed.KeyUses.First(u => u.ErrorCode is not null).ErrorCode);
    }

    [Fact]
    public async Task CreateSecret_WithUnknownKey_ThrowsEncryptionFailureAndStoresNothing()
    {
        await using var bed = await SecretsTestBed.CreateAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CreateAsync("nokey", "v", "alias/does-not-exist"));

        Assert.Equal(SecretsErrors.Codes.EncryptionFailure, error.Code);
        Assert.Empty(bed.Secrets.Store.All);
    }

    [Fact]
    public async Task UpdateSecret_NewKey_ReEncryptsCurrentAndPreviousSoTheOldKeyIsNoLongerNeeded()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var oldKey = await bed.CreateKeyAsync();
        var newKey = await bed.CreateKeyAsync();
        await bed.CreateAsync("rekey", "one", oldKey);
        await bed.PutAsync("rekey", "two");

        await bed.Secrets.UpdateSecretAsync(bed.Alice, new UpdateSecretRequest { SecretId = "rekey", KmsKeyId = newKey }, default);
        await bed.Keys.DisableKeyAsync(bed.Alice, oldKey, default);
        using var three = SecretValue.FromString("three");
        await bed.Secrets.UpdateSecretAsync(bed.Alice, new UpdateSecretRequest { SecretId = "rekey", Value = three }, default);

        var secret = bed.Secrets.DescribeSecret(bed.Alice, "rekey");
        Assert.Equal(newKey, secret.KmsKeyId);
        Assert.Equal("three", await bed.GetAsync("rekey"));
        Assert.Equal("two", await bed.GetAsync("rekey", stage: "AWSPREVIOUS"));
        Assert.All(secret.Versions.Where(v => v.Stages.Count > 0), v => Assert.Equal(newKey, v.KeyArn));
    }

    [Fact]
    public async Task TamperedVersion_ThrowsDecryptionFailure()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("tamper", "v");
        var secret = bed.Secrets.Store.FindByName(bed.Alice.Account, "eu-west-1", "tamper")!;
        var version = secret.Versions[0];
        var flipped = version.Sealed.ToArray();
        flipped[^1] ^= 1;
        await bed.Secrets.Store.UpdateAsync(secret with { Versions = [version with { Sealed = flipped }] }, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.GetAsync("tamper"));

        Assert.Equal(SecretsErrors.Codes.DecryptionFailure, error.Code);
    }

    [Fact]
    public async Task SecretValues_NeverReachTheDataDirectoryInPlaintext()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var marker = "coffer-secret-marker-" + Guid.NewGuid().ToString("N");
        await bed.CreateAsync("leak", marker + "-1");
        await bed.PutAsync("leak", marker + "-2");
        await bed.Secrets.UpdateSecretAsync(bed.Alice, new UpdateSecretRequest { SecretId = "leak", KmsKeyId = await bed.CreateKeyAsync() }, default);
        await bed.Secrets.CreateMasterUserSecretAsync(bed.Alice, "cluster-ABC", "admin", marker + "-3", null, default);

        Assert.Empty(bed.FilesContaining(marker));
    }

    [Fact]
    public async Task MasterUserSecret_CreateReadDelete_ForRds()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var key = await bed.CreateKeyAsync();

        var secret = await bed.Secrets.CreateMasterUserSecretAsync(bed.Alice, "cluster-XYZ", "admin", "Passw0rd!", key, default);
        var (username, password) = await bed.Secrets.ReadMasterUserSecretAsync(bed.Alice, secret.Arn, default);
        await bed.Secrets.DeleteMasterUserSecretAsync(bed.Alice, secret.Arn, default);

        Assert.Equal("rds!cluster-cluster-XYZ", secret.Name);
        Assert.Equal("rds", secret.OwningService);
        Assert.Equal(key, secret.KmsKeyId);
        Assert.Equal(("admin", "Passw0rd!"), (username, password));
        Assert.Null(bed.Secrets.Store.FindByArn(secret.Arn));
    }
}
