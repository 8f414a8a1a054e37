using Coffer.Keys.Crypto;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Service;

public sealed class KeyServiceAliasTests
{
    [Fact]
    public async Task CreateAlias_ThenEncryptByIt_UsesTheTarget()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);

        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/app", key.Arn, default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Alice, "alias/app", "x"u8.ToArray(), EncryptionContext.Empty, null, false, default);

        Assert.Equal(key.Arn, encrypted.KeyArn);
    }

    [Theory]
    [InlineData("alias/aws/mine", "NotAuthorizedException")]
    [InlineData("alias/aws/rds", "NotAuthorizedException")]
    [InlineData("app", KmsErrors.Codes.InvalidAliasName)]
    [InlineData("alias/", KmsErrors.Codes.InvalidAliasName)]
    public async Task CreateAlias_WithAReservedOrMalformedName_IsRefused(string name, string code)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateAliasAsync(bed.Alice, name, key.KeyId, default));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task CreateAlias_Twice_IsAlreadyExists_AndByAliasTarget_IsNotFound()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/app", key.KeyId, default);

        var twice = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateAliasAsync(bed.Alice, "alias/app", key.KeyId, default));
        var byAlias = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateAliasAsync(bed.Alice, "alias/other", "alias/app", default));
        var otherAccount = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateAliasAsync(bed.Bob, "alias/theirs", key.Arn, default));

        Assert.Equal(KmsErrors.Codes.AlreadyExists, twice.Code);
        Assert.Equal(KmsErrors.Codes.NotFound, byAlias.Code);
        Assert.Equal(KmsErrors.Codes.NotFound, otherAccount.Code);
    }

    [Fact]
    public async Task CreateAlias_PastFiftyForOneKey_IsLimitExceeded()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        for (var i = 0; i < 50; i++)
        {
            await bed.Keys.CreateAliasAsync(bed.Alice, $"alias/a{i}", key.KeyId, default);
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateAliasAsync(bed.Alice, "alias/a50", key.KeyId, default));

        Assert.Equal(KmsErrors.Codes.LimitExceeded, error.Code);
    }

    [Fact]
    public async Task UpdateAlias_Retargets_AndDeleteAlias_RemovesIt()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var first = await KeyServiceManagementTests.NewKeyAsync(bed);
        var second = await KeyServiceManagementTests.NewKeyAsync(bed);
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/app", first.KeyId, default);
        bed.Time.Advance(TimeSpan.FromSeconds(5));

        var updated = await bed.Keys.UpdateAliasAsync(bed.Alice, "alias/app", second.KeyId, default);
        await bed.ReloadAsync();
        var (listed, _) = await bed.Keys.ListAliasesAsync(bed.Alice, second.KeyId, 50, null, default);
        await bed.Keys.DeleteAliasAsync(bed.Alice, "alias/app", default);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DeleteAliasAsync(bed.Alice, "alias/app", default));

        Assert.Equal(second.Id, updated.TargetKeyId);
        var entry = Assert.Single(listed);
        Assert.Equal((second.KeyId, first.CreationDate, first.CreationDate + TimeSpan.FromSeconds(5)), (entry.TargetKeyId, entry.CreationDate, entry.LastUpdatedDate));
        Assert.Equal(KmsErrors.Codes.NotFound, missing.Code);
    }

    [Fact]
    public async Task ListAliases_IncludesPredefinedAwsAliasesWithoutTarget_UntilTheirKeyExists()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/app", key.KeyId, default);

        var (before, _) = await bed.Keys.ListAliasesAsync(bed.Alice, null, 50, null, default);
        var managed = await bed.Keys.DescribeKeyAsync(bed.Alice, "alias/aws/rds", null, default);
        var (after, _) = await bed.Keys.ListAliasesAsync(bed.Alice, null, 50, null, default);

        Assert.Equal(["alias/app", "alias/aws/rds", "alias/aws/secretsmanager"], before.Select(a => a.AliasName));
        Assert.All(before.Skip(1), a => Assert.Null(a.TargetKeyId));
        Assert.Equal(managed.KeyId, after.Single(a => a.AliasName == "alias/aws/rds").TargetKeyId);
    }

    [Fact]
    public async Task ListAliases_PagesOneAtATimeToTheEnd()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/b", key.KeyId, default);
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/a", key.KeyId, default);

        var names = new List<string>();
        string? marker = null;
        do
        {
            var (page, next) = await bed.Keys.ListAliasesAsync(bed.Alice, null, 1, marker, default);
            names.AddRange(page.Select(a => a.AliasName));
            marker = next;
        }
        while (marker is not null);

        Assert.Equal(["alias/a", "alias/aws/rds", "alias/aws/secretsmanager", "alias/b"], names);
    }
}
