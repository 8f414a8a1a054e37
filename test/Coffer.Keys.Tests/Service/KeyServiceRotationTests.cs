using Coffer.Keys.Crypto;
using Coffer.Keys.Service;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Service;

public sealed class KeyServiceRotationTests
{
    private static readonly byte[] Secret = "the quick brown fox"u8.ToArray();

    [Fact]
    public async Task AutomaticRotation_WhenDue_AddsMaterialAndOldCiphertextsStillDecrypt()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        var before = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default);
        await bed.Keys.EnableKeyRotationAsync(bed.Alice, key.KeyId, 90, default);
        var events = new List<KeyServiceEvent>();
        bed.Keys.ServiceEvent += events.Add;

        bed.Time.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(0, await bed.Keys.RunMaintenanceAsync(default));
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await bed.Keys.RunMaintenanceAsync(default));
        await bed.ReloadAsync();
        var after = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default);

        Assert.Equal(KeyServiceEventKind.RotateKey, Assert.Single(events).Kind);
        Assert.NotEqual(before.MaterialId, after.MaterialId);
        using (var old = await bed.Keys.DecryptAsync(bed.Alice, before.CiphertextBlob, EncryptionContext.Empty, null, null, false, default))
        {
            Assert.Equal(Secret, old.Plaintext.ReadOnlySpan.ToArray());
        }

        var status = await bed.Keys.GetKeyRotationStatusAsync(bed.Alice, key.KeyId, default);
        Assert.Equal(key.CreationDate + TimeSpan.FromSeconds(180), status.NextRotationDate);
        var (rotations, next) = await bed.Keys.ListKeyRotationsAsync(bed.Alice, key.KeyId, false, 100, null, default);
        var rotation = Assert.Single(rotations);
        Assert.Null(next);
        Assert.Equal((after.MaterialId, "CURRENT", KeyService.Automatic, key.CreationDate + TimeSpan.FromSeconds(90)), (rotation.KeyMaterialId, rotation.KeyMaterialState, rotation.RotationType, rotation.RotationDate));
    }

    [Fact]
    public async Task AutomaticRotation_OfADisabledKey_WaitsUntilItIsEnabled()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        await bed.Keys.EnableKeyRotationAsync(bed.Alice, key.KeyId, 90, default);
        await bed.Keys.DisableKeyAsync(bed.Alice, key.KeyId, default);
        bed.Time.Advance(TimeSpan.FromSeconds(100));

        var whileDisabled = await bed.Keys.RunMaintenanceAsync(default);
        await bed.Keys.EnableKeyAsync(bed.Alice, key.KeyId, default);
        var onceEnabled = await bed.Keys.RunMaintenanceAsync(default);

        Assert.Equal((0, 1), (whileDisabled, onceEnabled));
        Assert.Equal(key.CreationDate + TimeSpan.FromSeconds(180), bed.Keys.Store.Find(key.Id)!.Key.NextRotationDate);
    }

    [Fact]
    public async Task AwsManagedKeys_RotateYearly()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var managed = await bed.Keys.DescribeKeyAsync(bed.Alice, "alias/aws/rds", null, default);

        bed.Time.Advance(TimeSpan.FromSeconds(365));
        await bed.Keys.RunMaintenanceAsync(default);

        Assert.NotEqual(managed.CurrentMaterial, bed.Keys.Store.Find(managed.Id)!.Key.CurrentMaterial);
        Assert.Equal(2, bed.Keys.Store.Find(managed.Id)!.Materials.Length);
    }

    [Fact]
    public async Task RotateKeyOnDemand_MakesNewMaterialCurrentAndKeepsTheOld()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        var before = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default);

        var rotated = await bed.Keys.RotateKeyOnDemandAsync(bed.Alice, key.Arn, default);
        var after = await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default);

        Assert.Equal(rotated.CurrentMaterial, after.MaterialId);
        Assert.NotEqual(before.MaterialId, after.MaterialId);
        using var old = await bed.Keys.DecryptAsync(bed.Alice, before.CiphertextBlob, EncryptionContext.Empty, null, null, false, default);
        Assert.Equal(Secret, old.Plaintext.ReadOnlySpan.ToArray());
        var (all, _) = await bed.Keys.ListKeyRotationsAsync(bed.Alice, key.KeyId, true, 100, null, default);
        Assert.Equal([(before.MaterialId, "NON_CURRENT", (string?)null), (after.MaterialId, "CURRENT", KeyService.OnDemand)], all.Select(r => (r.KeyMaterialId, r.KeyMaterialState, r.RotationType)));
        Assert.False((await bed.Keys.GetKeyRotationStatusAsync(bed.Alice, key.KeyId, default)).RotationEnabled);
    }

    [Fact]
    public async Task RotateKeyOnDemand_PastTheLimit_IsLimitExceeded()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync(new KeysOptions { Day = TimeSpan.FromSeconds(1), MaxOnDemandRotations = 3 });
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        for (var i = 0; i < 3; i++)
        {
            await bed.Keys.RotateKeyOnDemandAsync(bed.Alice, key.KeyId, default);
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RotateKeyOnDemandAsync(bed.Alice, key.KeyId, default));

        Assert.Equal(KmsErrors.Codes.LimitExceeded, error.Code);
        Assert.Equal(4, bed.Keys.Store.Find(key.Id)!.Materials.Length);
    }

    [Fact]
    public async Task RotateKeyOnDemand_TwentyFiveTimes_IsTheDefaultLimit()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        for (var i = 0; i < 25; i++)
        {
            await bed.Keys.RotateKeyOnDemandAsync(bed.Alice, key.KeyId, default);
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RotateKeyOnDemandAsync(bed.Alice, key.KeyId, default));

        Assert.Equal(KmsErrors.Codes.LimitExceeded, error.Code);
    }

    [Fact]
    public async Task ListKeyRotations_PagesInOrder()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        var expected = new List<KeyMaterialId>();
        for (var i = 0; i < 3; i++)
        {
            expected.Add((await bed.Keys.RotateKeyOnDemandAsync(bed.Alice, key.KeyId, default)).CurrentMaterial);
        }

        var seen = new List<KeyMaterialId>();
        string? marker = null;
        do
        {
            var (page, next) = await bed.Keys.ListKeyRotationsAsync(bed.Alice, key.KeyId, false, 1, marker, default);
            seen.AddRange(page.Select(r => r.KeyMaterialId));
            marker = next;
        }
        while (marker is not null);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task GetKeyRotationStatus_WhilePendingDeletion_IsFalseAndCancellingRestoresIt()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        await bed.Keys.EnableKeyRotationAsync(bed.Alice, key.KeyId, null, default);
        await bed.Keys.ScheduleKeyDeletionAsync(bed.Alice, key.KeyId, 30, default);

        var pending = await bed.Keys.GetKeyRotationStatusAsync(bed.Alice, key.KeyId, default);
        await bed.Keys.CancelKeyDeletionAsync(bed.Alice, key.KeyId, default);
        var cancelled = await bed.Keys.GetKeyRotationStatusAsync(bed.Alice, key.KeyId, default);

        Assert.False(pending.RotationEnabled);
        Assert.True(cancelled.RotationEnabled);
        Assert.Equal(365, cancelled.RotationPeriodInDays);
    }
}
