using Coffer.Keys.Crypto;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Service;

public sealed class KeyServiceReEncryptTests
{
    private static readonly byte[] Secret = "re-encrypt me"u8.ToArray();
    private static readonly Dictionary<string, string> NoTags = [];

    private static EncryptionContext Context(string key, string value) => EncryptionContext.Create(new Dictionary<string, string> { [key] = value });

    [Fact]
    public async Task ReEncrypt_ToAnotherKeyAndContext_DecryptsOnlyUnderTheDestination()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var source = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var destination = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, source.KeyId, Secret, Context("a", "1"), null, false, default);

        var moved = await bed.Keys.ReEncryptAsync(bed.Alice, encrypted.CiphertextBlob, Context("a", "1"), source.Arn, destination.KeyId, Context("b", "2"), null, false, default);
        using var decrypted = await bed.Keys.DecryptAsync(bed.Alice, moved.CiphertextBlob, Context("b", "2"), null, null, false, default);
        var oldContext = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DecryptAsync(bed.Alice, moved.CiphertextBlob, Context("a", "1"), null, null, false, default));

        Assert.Equal(Secret, decrypted.Plaintext.ReadOnlySpan.ToArray());
        Assert.Equal(destination.Arn, decrypted.KeyArn);
        Assert.Equal((source.Arn, source.CurrentMaterial, destination.Arn, destination.CurrentMaterial), (moved.SourceKeyArn, moved.SourceMaterialId, moved.DestinationKeyArn, moved.DestinationMaterialId));
        Assert.Equal(KmsErrors.Codes.InvalidCiphertext, oldContext.Code);
    }

    [Fact]
    public async Task ReEncrypt_WithAnotherSourceKeyId_IsIncorrectKey()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var source = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var other = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, source.KeyId, Secret, EncryptionContext.Empty, null, false, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ReEncryptAsync(bed.Alice, encrypted.CiphertextBlob, EncryptionContext.Empty, other.KeyId, other.KeyId, EncryptionContext.Empty, null, false, default));

        Assert.Equal(KmsErrors.Codes.IncorrectKey, error.Code);
    }

    [Fact]
    public async Task ReEncrypt_WithTheWrongSourceContext_IsInvalidCiphertext()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, Context("a", "1"), null, false, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ReEncryptAsync(bed.Alice, encrypted.CiphertextBlob, Context("a", "2"), null, key.KeyId, EncryptionContext.Empty, null, false, default));

        Assert.Equal(KmsErrors.Codes.InvalidCiphertext, error.Code);
    }

    [Fact]
    public async Task ReEncrypt_NeedsReEncryptFromOnTheSourceAndReEncryptToOnTheDestination()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var alices = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var bobs = await bed.Keys.CreateKeyAsync(bed.Bob, null, string.Empty, false, NoTags, default);
        var alicesBlob = await bed.Keys.EncryptAsync(bed.Alice, alices.KeyId, Secret, EncryptionContext.Empty, null, false, default);

        var from = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ReEncryptAsync(bed.Bob, alicesBlob.CiphertextBlob, EncryptionContext.Empty, null, bobs.KeyId, EncryptionContext.Empty, null, false, default));
        var to = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ReEncryptAsync(bed.Alice, alicesBlob.CiphertextBlob, EncryptionContext.Empty, null, bobs.Arn, EncryptionContext.Empty, null, false, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, from.Code);
        Assert.Contains($"kms:ReEncryptFrom on resource: {alices.Arn}", from.Message, StringComparison.Ordinal);
        Assert.Equal(KmsErrors.Codes.AccessDenied, to.Code);
        Assert.Contains($"kms:ReEncryptTo on resource: {bobs.Arn}", to.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, KeyState.Disabled, KmsErrors.Codes.Disabled)]
    [InlineData(false, KeyState.Disabled, KmsErrors.Codes.Disabled)]
    [InlineData(true, KeyState.PendingDeletion, KmsErrors.Codes.InvalidState)]
    [InlineData(false, KeyState.PendingDeletion, KmsErrors.Codes.InvalidState)]
    public async Task ReEncrypt_WithEitherKeyUnusable_FailsWithThatKeysStateError(bool sourceSide, KeyState state, string code)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var source = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var destination = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, source.KeyId, Secret, EncryptionContext.Empty, null, false, default);
        var unusable = sourceSide ? source : destination;
        await bed.Keys.Store.UpdateKeyAsync(unusable with { State = state }, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ReEncryptAsync(bed.Alice, encrypted.CiphertextBlob, EncryptionContext.Empty, null, destination.KeyId, EncryptionContext.Empty, null, false, default));

        Assert.Equal(code, error.Code);
        Assert.StartsWith(unusable.Arn, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReEncrypt_WithDryRun_IsDryRunOperation()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ReEncryptAsync(bed.Alice, encrypted.CiphertextBlob, EncryptionContext.Empty, null, "alias/none", EncryptionContext.Empty, null, true, default));
        var dry = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ReEncryptAsync(bed.Alice, encrypted.CiphertextBlob, EncryptionContext.Empty, null, key.KeyId, EncryptionContext.Empty, null, true, default));

        Assert.Equal(KmsErrors.Codes.NotFound, error.Code);
        Assert.Equal(KmsErrors.Codes.DryRun, dry.Code);
    }
}
