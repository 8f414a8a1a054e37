using Coffer.Data.Secrets;
using Coffer.Primitives;

namespace Coffer.Data.Tests.Secrets;

/// <summary>DeleteSecret, RestoreSecret and the end of the recovery window, on fake time.</summary>
public sealed class SecretsServiceDeletionTests
{
    [Theory]
    [InlineData(6L)]
    [InlineData(31L)]
    [InlineData(0L)]
    public async Task DeleteSecret_WindowOutside7To30_ThrowsInvalidParameter(long days)
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("w", "v");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Secrets.DeleteSecretAsync(bed.Alice, "w", days, false, default));

        Assert.Equal(SecretsErrors.Codes.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task DeleteSecret_ForceAndWindow_ThrowsInvalidParameter()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("both", "v");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Secrets.DeleteSecretAsync(bed.Alice, "both", 7, true, default));

        Assert.Equal(SecretsErrors.Codes.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task DeleteSecret_DefaultWindow_Is30DaysAndAccessIsRefusedUntilRestore()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("d", "v");

        var (secret, deletionDate) = await bed.Secrets.DeleteSecretAsync(bed.Alice, "d", null, false, default);
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => bed.GetAsync("d"));
        var put = await Assert.ThrowsAsync<AwsServiceException>(() => bed.PutAsync("d", "x"));
        var described = bed.Secrets.DescribeSecret(bed.Alice, "d");
        await bed.Secrets.RestoreSecretAsync(bed.Alice, "d", default);

        Assert.Equal(bed.Time.GetUtcNow().AddDays(30), deletionDate);
        Assert.Equal(bed.Time.GetUtcNow(), described.DeletedDate);
        Assert.Equal(SecretsErrors.Codes.InvalidRequest, refused.Code);
        Assert.Equal(SecretsErrors.Codes.InvalidRequest, put.Code);
        Assert.Equal("v", await bed.GetAsync("d"));
        Assert.Null(bed.Secrets.DescribeSecret(bed.Alice, "d").DeletedDate);
        Assert.Equal(secret.Arn, described.Arn);
    }

    [Fact]
    public async Task DeleteSecret_AfterTheWindow_SecretIsGoneAndMaintenanceRemovesIt()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var created = await bed.CreateAsync("gone", "v");
        await bed.Secrets.DeleteSecretAsync(bed.Alice, "gone", 7, false, default);

        bed.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        var stillThere = bed.Secrets.DescribeSecret(bed.Alice, "gone");
        Assert.Empty(await bed.Secrets.RunMaintenanceAsync(default));
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        var error = Assert.Throws<AwsServiceException>(() => bed.Secrets.DescribeSecret(bed.Alice, "gone"));
        var removed = await bed.Secrets.RunMaintenanceAsync(default);

        Assert.NotNull(stillThere.DeletedDate);
        Assert.Equal(SecretsErrors.Codes.ResourceNotFound, error.Code);
        Assert.Equal([created.Arn], removed);
        Assert.Null(bed.Secrets.Store.FindByArn(created.Arn));
        Assert.NotEqual(created.Arn, (await bed.CreateAsync("gone", "again")).Arn);
    }

    [Fact]
    public async Task CreateSecret_WithTheNameOfAScheduledSecret_ThrowsInvalidRequest()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("pending", "v");
        await bed.Secrets.DeleteSecretAsync(bed.Alice, "pending", 7, false, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CreateAsync("pending", "w"));

        Assert.Equal(SecretsErrors.Codes.InvalidRequest, error.Code);
    }

    [Fact]
    public async Task DeleteSecret_Scheduled_AgainWithoutForceThrowsAndWithForceDeletesAtOnce()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("twice", "v");
        await bed.Secrets.DeleteSecretAsync(bed.Alice, "twice", 7, false, default);

        var again = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Secrets.DeleteSecretAsync(bed.Alice, "twice", null, false, default));
        await bed.Secrets.DeleteSecretAsync(bed.Alice, "twice", null, true, default);

        Assert.Equal(SecretsErrors.Codes.InvalidRequest, again.Code);
        Assert.Equal(SecretsErrors.Codes.ResourceNotFound, Assert.Throws<AwsServiceException>(() => bed.Secrets.DescribeSecret(bed.Alice, "twice")).Code);
    }
}
