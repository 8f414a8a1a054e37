using Coffer.Keys.Crypto;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Service;

public sealed class KeyServiceCryptoTests
{
    private static readonly byte[] Secret = "the quick brown fox"u8.ToArray();

    [Fact]
    public async Task EncryptThenDecrypt_WithTheSameContext_RoundTripsAndNamesTheKeyByArn()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, "test", false, new Dictionary<string, string>(), default);
        var context = EncryptionContext.Create(new Dictionary<string, string> { ["purpose"] = "test" });

        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, context, null, false, default);
        using var decrypted = await bed.Keys.DecryptAsync(bed.Alice, encrypted.CiphertextBlob, context, null, null, false, default);

        Assert.Equal(key.Arn, encrypted.KeyArn);
        Assert.Equal(key.Arn, decrypted.KeyArn);
        Assert.Equal(Secret, decrypted.Plaintext.ReadOnlySpan.ToArray());
    }

    [Fact]
    public async Task Decrypt_AfterARestart_UnwrapsTheMaterialFromTheStore()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, new Dictionary<string, string>(), default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, key.Arn, Secret, EncryptionContext.Empty, null, false, default);

        await bed.ReloadAsync();
        using var decrypted = await bed.Keys.DecryptAsync(bed.Alice, encrypted.CiphertextBlob, EncryptionContext.Empty, key.KeyId, null, false, default);

        Assert.Equal(Secret, decrypted.Plaintext.ReadOnlySpan.ToArray());
    }

    [Fact]
    public async Task Decrypt_WithAnotherContext_IsInvalidCiphertext()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, new Dictionary<string, string>(), default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Create(new Dictionary<string, string> { ["a"] = "b" }), null, false, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DecryptAsync(bed.Alice, encrypted.CiphertextBlob, EncryptionContext.Create(new Dictionary<string, string> { ["a"] = "c" }), null, null, false, default));

        Assert.Equal(KmsErrors.Codes.InvalidCiphertext, error.Code);
    }

    [Fact]
    public async Task Decrypt_NamingAnotherKey_IsIncorrectKey()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, new Dictionary<string, string>(), default);
        var other = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, new Dictionary<string, string>(), default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DecryptAsync(bed.Alice, encrypted.CiphertextBlob, EncryptionContext.Empty, other.KeyId, null, false, default));

        Assert.Equal(KmsErrors.Codes.IncorrectKey, error.Code);
    }

    [Fact]
    public async Task Encrypt_WithAnotherAccountsKeyUnderTheDefaultPolicy_IsAccessDenied()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, new Dictionary<string, string>(), default);

        var byArn = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, EncryptionContext.Empty, null, false, default));
        var byId = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Bob, key.KeyId, Secret, EncryptionContext.Empty, null, false, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, byArn.Code);
        Assert.Equal(KmsErrors.Codes.NotFound, byId.Code);
    }

    [Fact]
    public async Task Encrypt_DirectlyWithTheAwsManagedRdsKey_IsDeniedButWorksViaRds()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();

        var direct = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Alice, "alias/aws/rds", Secret, EncryptionContext.Empty, null, false, default));
        var viaRds = await bed.Keys.EncryptAsync(bed.Alice.Via("rds"), "alias/aws/rds", Secret, EncryptionContext.Empty, null, false, default);

        Assert.Equal(KmsErrors.Codes.AccessDenied, direct.Code);
        Assert.StartsWith("arn:aws:kms:us-east-1:111122223333:key/", viaRds.KeyArn, StringComparison.Ordinal);
    }
}
