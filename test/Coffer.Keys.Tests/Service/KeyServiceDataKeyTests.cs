using Coffer.Keys.Crypto;
using Coffer.Keys.Service;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Service;

public sealed class KeyServiceDataKeyTests
{
    private static readonly Dictionary<string, string> NoTags = [];

    private static EncryptionContext Context(string key, string value) => EncryptionContext.Create(new Dictionary<string, string> { [key] = value });

    [Theory]
    [InlineData(null, "AES_256", 32)]
    [InlineData(null, "AES_128", 16)]
    [InlineData(1, null, 1)]
    [InlineData(1024, null, 1024)]
    public async Task GenerateDataKey_ThenDecrypt_GivesTheSamePlaintext(int? numberOfBytes, string? keySpec, int expectedLength)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, "test", false, NoTags, default);
        var context = Context("aws:rds:dbc-id", "cluster-1");

        using var dataKey = await bed.Keys.GenerateDataKeyAsync(bed.Alice, key.KeyId, numberOfBytes, keySpec, context, null, withPlaintext: true, dryRun: false, default);
        using var decrypted = await bed.Keys.DecryptAsync(bed.Alice, dataKey.CiphertextBlob, context, key.Arn, null, false, default);

        Assert.Equal(key.Arn, dataKey.KeyArn);
        Assert.Equal(key.CurrentMaterial, dataKey.MaterialId);
        Assert.Equal(expectedLength, dataKey.Plaintext!.Length);
        Assert.Equal(dataKey.Plaintext.ReadOnlySpan.ToArray(), decrypted.Plaintext.ReadOnlySpan.ToArray());
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_ReturnsOnlyTheBlob_WhichDecrypts()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);

        using var dataKey = await bed.Keys.GenerateDataKeyAsync(bed.Alice, key.Arn, 64, null, EncryptionContext.Empty, null, withPlaintext: false, dryRun: false, default);
        using var decrypted = await bed.Keys.DecryptAsync(bed.Alice, dataKey.CiphertextBlob, EncryptionContext.Empty, null, null, false, default);

        Assert.Null(dataKey.Plaintext);
        Assert.Equal(64, decrypted.Plaintext.Length);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(32, "AES_256")]
    public async Task GenerateDataKey_WithNeitherOrBothOfNumberOfBytesAndKeySpec_IsValidation(int? numberOfBytes, string? keySpec)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GenerateDataKeyAsync(bed.Alice, key.KeyId, numberOfBytes, keySpec, EncryptionContext.Empty, null, true, false, default));

        Assert.Equal(KmsErrors.Codes.Validation, error.Code);
        Assert.Equal("Please specify either number of bytes or key spec.", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public async Task GenerateDataKey_WithNumberOfBytesOutOfRange_IsValidation(int numberOfBytes)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GenerateDataKeyAsync(bed.Alice, key.KeyId, numberOfBytes, null, EncryptionContext.Empty, null, true, false, default));

        Assert.Equal(KmsErrors.Codes.Validation, error.Code);
        Assert.Contains("'numberOfBytes'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyState.Disabled, KmsErrors.Codes.Disabled, "is disabled.")]
    [InlineData(KeyState.PendingDeletion, KmsErrors.Codes.InvalidState, "is pending deletion.")]
    [InlineData(KeyState.PendingImport, KmsErrors.Codes.InvalidState, "is pending import.")]
    [InlineData(KeyState.Unavailable, KmsErrors.Codes.InvalidState, "is unavailable.")]
    [InlineData(KeyState.Creating, KmsErrors.Codes.InvalidState, "is creating.")]
    public async Task GenerateDataKey_InAnUnusableState_FailsWithTheStatesError(KeyState state, string code, string ending)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        await bed.Keys.Store.UpdateKeyAsync(key with { State = state }, default);

        foreach (var withPlaintext in new[] { true, false })
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GenerateDataKeyAsync(bed.Alice, key.KeyId, null, "AES_256", EncryptionContext.Empty, null, withPlaintext, false, default));
            Assert.Equal(code, error.Code);
            Assert.Equal($"{key.Arn} {ending}", error.Message);
        }
    }

    [Fact]
    public async Task GenerateDataKey_InTheUpdatingState_Succeeds()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        await bed.Keys.Store.UpdateKeyAsync(key with { State = KeyState.Updating }, default);

        using var dataKey = await bed.Keys.GenerateDataKeyAsync(bed.Alice, key.KeyId, 16, null, EncryptionContext.Empty, null, true, false, default);

        Assert.Equal(16, dataKey.Plaintext!.Length);
    }

    [Fact]
    public async Task GenerateDataKey_WithDryRun_IsDryRunOperation()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GenerateDataKeyAsync(bed.Alice, key.KeyId, 16, null, EncryptionContext.Empty, null, true, true, default));

        Assert.Equal(KmsErrors.Codes.DryRun, error.Code);
    }

    [Fact]
    public async Task GenerateDataKey_WithAnotherAccountsKey_IsAccessDeniedByArnAndNotFoundById()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);

        var byArn = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GenerateDataKeyAsync(bed.Bob, key.Arn, 16, null, EncryptionContext.Empty, null, true, false, default));
        var byId = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GenerateDataKeyAsync(bed.Bob, key.KeyId, 16, null, EncryptionContext.Empty, null, false, false, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, byArn.Code);
        Assert.Contains("kms:GenerateDataKey on resource", byArn.Message, StringComparison.Ordinal);
        Assert.Equal(KmsErrors.Codes.NotFound, byId.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1024)]
    public void GenerateRandom_ReturnsThatManyBytes(int numberOfBytes)
    {
        using var first = KeyService.GenerateRandom(numberOfBytes);
        using var second = KeyService.GenerateRandom(numberOfBytes);

        Assert.Equal(numberOfBytes, first.Length);
        Assert.True(numberOfBytes == 1 || !first.ReadOnlySpan.SequenceEqual(second.ReadOnlySpan));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(1025)]
    public void GenerateRandom_WithoutOrOutOfRangeNumberOfBytes_IsValidation(int? numberOfBytes)
    {
        var error = Assert.Throws<AwsServiceException>(() => KeyService.GenerateRandom(numberOfBytes));

        Assert.Equal(KmsErrors.Codes.Validation, error.Code);
    }
}
