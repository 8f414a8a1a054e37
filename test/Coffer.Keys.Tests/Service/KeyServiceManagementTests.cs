using Coffer.TestKit;
using Coffer.Keys.Crypto;
using Coffer.Keys.Service;
using Coffer.Primitives;
using Coffer.Storage.Metadata;

namespace Coffer.Keys.Tests.Service;

public sealed class KeyServiceManagementTests
{
    private static readonly byte[] Secret = "the quick brown fox"u8.ToArray();

    /// <summary>The state table (KMS developer guide, key-state) for the management operations, × Enabled/Disabled/PendingDeletion.</summary>
    public static TheoryData<string, KeyState, string?> StateTable()
    {
        const string IS = KmsErrors.Codes.InvalidState, DIS = KmsErrors.Codes.Disabled;
        var rows = new (string Operation, string? Enabled, string? Disabled, string? Pending)[]
        {
            ("EnableKey", null, null, IS),
            ("DisableKey", null, null, IS),
            ("ScheduleKeyDeletion", null, null, IS),
            ("CancelKeyDeletion", IS, IS, null),
            ("UpdateKeyDescription", null, null, IS),
            ("CreateAlias", null, null, IS),
            ("UpdateAliasTo", null, null, IS),
            ("UpdateAliasFrom", null, null, null),
            ("DeleteAlias", null, null, null),
            ("ListAliases", null, null, null),
            ("TagResource", null, null, IS),
            ("UntagResource", null, null, IS),
            ("ListResourceTags", null, null, null),
            ("GetKeyPolicy", null, null, null),
            ("PutKeyPolicy", null, null, null),
            ("ListKeyPolicies", null, null, null),
            ("EnableKeyRotation", null, DIS, IS),
            ("DisableKeyRotation", null, DIS, IS),
            ("RotateKeyOnDemand", null, DIS, IS),
            ("GetKeyRotationStatus", null, null, null),
            ("ListKeyRotations", null, null, null),
            ("DescribeKey", null, null, null),
            ("Encrypt", null, DIS, IS),
        };
        var data = new TheoryData<string, KeyState, string?>();
        foreach (var row in rows)
        {
            data.Add(row.Operation, KeyState.Enabled, row.Enabled);
            data.Add(row.Operation, KeyState.Disabled, row.Disabled);
            data.Add(row.Operation, KeyState.PendingDeletion, row.Pending);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StateTable))]
    public async Task Operation_InEachKeyState_FollowsTheStateTable(string operation, KeyState state, string? expectedError)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await NewKeyAsync(bed);
        var other = await NewKeyAsync(bed);
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/from", key.KeyId, default);
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/to-other", other.KeyId, default);
        await PutInStateAsync(bed, key, state);

        var error = await Record.ExceptionAsync(() => RunAsync(bed, operation, key, other));

        if (expectedError is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Equal(expectedError, Assert.IsType<AwsServiceException>(error).Code);
        }
    }

    [Fact]
    public async Task CancelKeyDeletion_LeavesTheKeyDisabledWithoutADeletionDate()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await NewKeyAsync(bed);
        var scheduled = await bed.Keys.ScheduleKeyDeletionAsync(bed.Alice, key.Arn, 7, default);

        var cancelled = await bed.Keys.CancelKeyDeletionAsync(bed.Alice, key.KeyId, default);

        Assert.Equal(bed.Time.GetUtcNow() + TimeSpan.FromSeconds(7), scheduled.DeletionDate);
        Assert.Equal(KeyState.PendingDeletion, scheduled.State);
        Assert.Equal(KeyState.Disabled, cancelled.State);
        Assert.Null(cancelled.DeletionDate);
        Assert.Null(cancelled.PendingWindowInDays);
    }

    [Fact]
    public async Task CancelKeyDeletion_OfAKeyNotPending_SaysSo()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await NewKeyAsync(bed);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CancelKeyDeletionAsync(bed.Alice, key.KeyId, default));

        Assert.Equal($"{key.Arn} is not pending deletion.", error.Message);
    }

    [Fact]
    public async Task Maintenance_AtTheDeletionDate_DestroysTheKeyAndItsMaterialForGood()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await NewKeyAsync(bed);
        var blob = (await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default)).CiphertextBlob;
        var wrapped = bed.Keys.Store.Find(key.Id)!.Materials.Single().Wrapped;
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/doomed", key.KeyId, default);
        await bed.Keys.ScheduleKeyDeletionAsync(bed.Alice, key.KeyId, 7, default);
        var events = new List<KeyServiceEvent>();
        bed.Keys.ServiceEvent += events.Add;

        bed.Time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        var early = await bed.Keys.RunMaintenanceAsync(default);
        bed.Time.Advance(TimeSpan.FromMilliseconds(1));
        var due = await bed.Keys.RunMaintenanceAsync(default);

        Assert.Equal(0, early);
        Assert.Equal(1, due);
        var deleted = Assert.Single(events);
        Assert.Equal((KeyServiceEventKind.DeleteKey, key.Arn, key.Account, "us-east-1", bed.Time.GetUtcNow()), (deleted.Kind, deleted.KeyArn, deleted.Account, deleted.Region, deleted.Time));
        var decrypt = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DecryptAsync(bed.Alice, blob, EncryptionContext.Empty, null, null, false, default));
        Assert.Equal(KmsErrors.Codes.InvalidCiphertext, decrypt.Code);
        var describe = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DescribeKeyAsync(bed.Alice, key.KeyId, null, default));
        Assert.Equal(KmsErrors.Codes.NotFound, describe.Code);
        Assert.Null(bed.Keys.Store.FindAlias(bed.Alice.Account, "us-east-1", "alias/doomed"));
        await using (var connection = await bed.Metadata.OpenConnectionAsync(default))
        {
            Assert.Equal(0L, await connection.ScalarAsync(null, "SELECT COUNT(*) FROM kms_key_materials WHERE key_id = @k;", default, ("@k", key.KeyId)));
            Assert.Equal(0L, await connection.ScalarAsync(null, "SELECT COUNT(*) FROM kms_keys WHERE key_id = @k;", default, ("@k", key.KeyId)));
        }

        await bed.ReloadAsync();
        Assert.Null(bed.Keys.Store.Find(key.Id));
        Assert.Empty(DiskScan.FilesContaining(bed.Directory.Path, wrapped));
    }

    [Fact]
    public async Task ScheduleKeyDeletion_IsRefusedForAwsManagedKeys_AsEveryManagementCall()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var managed = await bed.Keys.DescribeKeyAsync(bed.Alice, "alias/aws/rds", null, default);
        var customer = await NewKeyAsync(bed);
        var calls = new Func<Task>[]
        {
            () => bed.Keys.EnableKeyAsync(bed.Alice, managed.KeyId, default),
            () => bed.Keys.DisableKeyAsync(bed.Alice, managed.KeyId, default),
            () => bed.Keys.UpdateKeyDescriptionAsync(bed.Alice, managed.KeyId, "mine", default),
            () => bed.Keys.ScheduleKeyDeletionAsync(bed.Alice, managed.KeyId, 7, default),
            () => bed.Keys.CancelKeyDeletionAsync(bed.Alice, managed.KeyId, default),
            () => bed.Keys.PutKeyPolicyAsync(bed.Alice, managed.KeyId, "default", customer.Policy, true, default),
            () => bed.Keys.TagResourceAsync(bed.Alice, managed.KeyId, new Dictionary<string, string> { ["a"] = "b" }, default),
            () => bed.Keys.UntagResourceAsync(bed.Alice, managed.KeyId, ["a"], default),
            () => bed.Keys.EnableKeyRotationAsync(bed.Alice, managed.KeyId, 90, default),
            () => bed.Keys.DisableKeyRotationAsync(bed.Alice, managed.KeyId, default),
            () => bed.Keys.RotateKeyOnDemandAsync(bed.Alice, managed.KeyId, default),
            () => bed.Keys.CreateAliasAsync(bed.Alice, "alias/mine", managed.KeyId, default),
        };

        foreach (var call in calls)
        {
            Assert.Equal(KmsErrors.Codes.AccessDenied, (await Assert.ThrowsAsync<AwsServiceException>(call)).Code);
        }

        Assert.Equal(managed, (await bed.Keys.DescribeKeyAsync(bed.Alice, managed.KeyId, null, default)));
        Assert.True((await bed.Keys.GetKeyRotationStatusAsync(bed.Alice, managed.KeyId, default)).RotationEnabled);
        Assert.Contains("kms:ViaService", await bed.Keys.GetKeyPolicyAsync(bed.Alice, managed.KeyId, "default", default), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementCalls_ByAliasOrOtherAccount_AreNotFound()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await NewKeyAsync(bed);
        await bed.Keys.CreateAliasAsync(bed.Alice, "alias/app", key.KeyId, default);

        var byAlias = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DisableKeyAsync(bed.Alice, "alias/app", default));
        var byOtherAccount = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DisableKeyAsync(bed.Bob, key.Arn, default));

        Assert.Equal(KmsErrors.Codes.NotFound, byAlias.Code);
        Assert.Equal(KmsErrors.Codes.NotFound, byOtherAccount.Code);
        Assert.Equal(KeyState.Enabled, bed.Keys.Store.Find(key.Id)!.Key.State);
    }

    [Fact]
    public async Task DisableAndEnable_SurviveARestart()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await NewKeyAsync(bed);
        await bed.Keys.DisableKeyAsync(bed.Alice, key.KeyId, default);
        await bed.Keys.UpdateKeyDescriptionAsync(bed.Alice, key.Arn, "described", default);

        await bed.ReloadAsync();

        var reloaded = bed.Keys.Store.Find(key.Id)!.Key;
        Assert.Equal((KeyState.Disabled, "described"), (reloaded.State, reloaded.Description));
    }

    internal static Task<KmsKey> NewKeyAsync(KeyServiceTestBed bed) =>
        bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, new Dictionary<string, string> { ["team"] = "a" }, default);

    private static async Task PutInStateAsync(KeyServiceTestBed bed, KmsKey key, KeyState state)
    {
        switch (state)
        {
            case KeyState.Disabled:
                await bed.Keys.DisableKeyAsync(bed.Alice, key.KeyId, default);
                break;
            case KeyState.PendingDeletion:
                await bed.Keys.ScheduleKeyDeletionAsync(bed.Alice, key.KeyId, 30, default);
                break;
        }
    }

    private static Task RunAsync(KeyServiceTestBed bed, string operation, KmsKey key, KmsKey other)
    {
        var keys = bed.Keys;
        var alice = bed.Alice;
        return operation switch
        {
            "EnableKey" => keys.EnableKeyAsync(alice, key.KeyId, default),
            "DisableKey" => keys.DisableKeyAsync(alice, key.KeyId, default),
            "ScheduleKeyDeletion" => keys.ScheduleKeyDeletionAsync(alice, key.KeyId, 7, default),
            "CancelKeyDeletion" => keys.CancelKeyDeletionAsync(alice, key.KeyId, default),
            "UpdateKeyDescription" => keys.UpdateKeyDescriptionAsync(alice, key.KeyId, "new", default),
            "CreateAlias" => keys.CreateAliasAsync(alice, "alias/new", key.KeyId, default),
            "UpdateAliasTo" => keys.UpdateAliasAsync(alice, "alias/to-other", key.KeyId, default),
            "UpdateAliasFrom" => keys.UpdateAliasAsync(alice, "alias/from", other.KeyId, default),
            "DeleteAlias" => keys.DeleteAliasAsync(alice, "alias/from", default),
            "ListAliases" => keys.ListAliasesAsync(alice, key.KeyId, 50, null, default),
            "TagResource" => keys.TagResourceAsync(alice, key.KeyId, new Dictionary<string, string> { ["b"] = "c" }, default),
            "UntagResource" => keys.UntagResourceAsync(alice, key.KeyId, ["team"], default),
            "ListResourceTags" => keys.ListResourceTagsAsync(alice, key.KeyId, 50, null, default),
            "GetKeyPolicy" => keys.GetKeyPolicyAsync(alice, key.KeyId, "default", default),
            "PutKeyPolicy" => keys.PutKeyPolicyAsync(alice, key.KeyId, "default", key.Policy + " ", false, default),
            "ListKeyPolicies" => keys.ListKeyPoliciesAsync(alice, key.KeyId, default),
            "EnableKeyRotation" => keys.EnableKeyRotationAsync(alice, key.KeyId, 90, default),
            "DisableKeyRotation" => keys.DisableKeyRotationAsync(alice, key.KeyId, default),
            "RotateKeyOnDemand" => keys.RotateKeyOnDemandAsync(alice, key.KeyId, default),
            "GetKeyRotationStatus" => keys.GetKeyRotationStatusAsync(alice, key.KeyId, default),
            "ListKeyRotations" => keys.ListKeyRotationsAsync(alice, key.KeyId, true, 100, null, default),
            "DescribeKey" => keys.DescribeKeyAsync(alice, key.KeyId, null, default),
            "Encrypt" => keys.EncryptAsync(alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }
}
