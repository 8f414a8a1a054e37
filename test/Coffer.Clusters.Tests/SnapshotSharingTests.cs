using Coffer.Keys;
using Coffer.Primitives;

namespace Coffer.Clusters.Tests;

/// <summary>Sharing snapshots with other accounts (the <c>restore</c> attribute) and what the other account can then do.</summary>
public sealed class SnapshotSharingTests : IAsyncLifetime
{
    private const string Marker = "coffer-share-marker-93aa";
    private SnapshotTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await SnapshotTestBed.CreateAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task SharedSnapshot_IsListedForTheOtherAccountOnlyWhenAskedFor_AndRemovingTheAccountHidesIt()
    {
        var (_, snapshot) = await SnapshotAsync(await _bed.KeyAsync(_bed.Alice, _bed.Bob));

        var shared = await Share(snapshot.Identifier, [_bed.Bob.Account.Value]);
        var attributes = _bed.Clusters.DescribeSnapshotAttributes(_bed.Alice, snapshot.Arn);
        var plain = _bed.Clusters.DescribeSnapshots(_bed.Bob, null, null, null, false, false, null);
        var included = _bed.Clusters.DescribeSnapshots(_bed.Bob, null, null, null, true, false, null);
        var byType = _bed.Clusters.DescribeSnapshots(_bed.Bob, null, null, "shared", false, false, null);
        await Share(snapshot.Identifier, [], [_bed.Bob.Account.Value]);
        var afterRemoval = _bed.Clusters.DescribeSnapshots(_bed.Bob, null, null, "shared", false, false, null);

        Assert.Equal([_bed.Bob.Account.Value], shared.SharedWith);
        Assert.Equal([_bed.Bob.Account.Value], attributes.SharedWith);
        Assert.Empty(plain);
        Assert.Equal([snapshot.Arn], included.Select(s => s.Arn));
        Assert.Equal([snapshot.Arn], byType.Select(s => s.Arn));
        Assert.Empty(afterRemoval);
    }

    [Fact]
    public async Task SharedSnapshot_WhoseKeyPolicyAllowsTheOtherAccount_IsRestoredAndCopiedByItByArn()
    {
        var (_, snapshot) = await SnapshotAsync(await _bed.KeyAsync(_bed.Alice, _bed.Bob));
        await Share(snapshot.Identifier, [_bed.Bob.Account.Value]);
        var bobKey = await _bed.KeyAsync(_bed.Bob);

        var restored = await _bed.RestoreAsync(_bed.Bob, snapshot.Arn, "bobs");
        var withoutKey = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(_bed.Bob, snapshot.Arn, "bobs-copy", null));
        var byName = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(_bed.Bob, snapshot.Identifier, "bobs-copy", bobKey.KeyId));
        var started = await Copy(_bed.Bob, snapshot.Arn, "bobs-copy", bobKey.KeyId);
        await _bed.Clusters.DrainAsync();
        var copy = _bed.Snapshots.FindById(started.SnapshotId)!;
        var fromCopy = await _bed.RestoreAsync(_bed.Bob, "bobs-copy", "bobs-own");

        Assert.Equal(_bed.Bob.Account, restored.Account);
        Assert.Equal([Marker, Marker + "-2"], await _bed.ReadMarkerAsync(restored));
        Assert.Equal("InvalidParameterValue", withoutKey.Code);
        Assert.Equal("DBClusterSnapshotNotFoundFault", byName.Code);
        Assert.Equal((_bed.Bob.Account, bobKey.Arn, snapshot.Arn, SnapshotStatus.Available), (copy.Account, copy.KmsKeyArn, copy.SourceSnapshotArn, copy.Status));
        Assert.Empty(copy.SharedWith);
        Assert.Equal(bobKey.Arn, fromCopy.KmsKeyArn);
        Assert.Equal([Marker, Marker + "-2"], await _bed.ReadMarkerAsync(fromCopy));
    }

    [Fact]
    public async Task SharedSnapshot_WhoseKeyPolicyDoesNotAllowTheOtherAccount_IsKmsKeyNotAccessibleForIt()
    {
        var (_, snapshot) = await SnapshotAsync(await _bed.KeyAsync(_bed.Alice));
        await Share(snapshot.Identifier, [_bed.Bob.Account.Value]);
        var bobKey = await _bed.KeyAsync(_bed.Bob);

        var restore = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.RestoreFromSnapshotAsync(_bed.Bob, new RestoreClusterRequest { Identifier = "x", SnapshotIdentifier = snapshot.Arn, Engine = ClusterEngine.Name }, default));
        var copy = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(_bed.Bob, snapshot.Arn, "x", bobKey.KeyId));

        Assert.Equal("KMSKeyNotAccessibleFault", restore.Code);
        Assert.Equal("KMSKeyNotAccessibleFault", copy.Code);
        Assert.Empty(_bed.Snapshots.SnapshotsOf(_bed.Bob.Account, "eu-west-1"));
    }

    [Fact]
    public async Task Snapshot_UnderTheAwsManagedKey_CannotBeShared_AndIsNotAccessibleToAnotherAccountEvenIfListed()
    {
        var (_, snapshot) = await SnapshotAsync(null);
        var bobKey = await _bed.KeyAsync(_bed.Bob);

        var share = await Assert.ThrowsAsync<AwsServiceException>(() => Share(snapshot.Identifier, [_bed.Bob.Account.Value]));
        var afterShare = _bed.Snapshots.FindById(snapshot.SnapshotId)!.SharedWith;
        // Shared behind the API's back: the managed key's policy still refuses the other account.
        await _bed.Snapshots.UpdateAsync(snapshot with { SharedWith = [_bed.Bob.Account.Value] }, default);
        var copy = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(_bed.Bob, snapshot.Arn, "x", bobKey.KeyId));
        var restore = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.RestoreFromSnapshotAsync(_bed.Bob, new RestoreClusterRequest { Identifier = "x", SnapshotIdentifier = snapshot.Arn, Engine = ClusterEngine.Name }, default));

        Assert.Equal("InvalidParameterValue", share.Code);
        Assert.Contains("aws/rds", share.Message, StringComparison.Ordinal);
        Assert.Empty(afterShare);
        Assert.Equal("KMSKeyNotAccessibleFault", copy.Code);
        Assert.Equal("KMSKeyNotAccessibleFault", restore.Code);
    }

    [Fact]
    public async Task ShareWithAll_IsRefusedForAnEncryptedSnapshot_AndMakesAnUnencryptedOnePublic()
    {
        var (_, encrypted) = await SnapshotAsync(await _bed.KeyAsync(_bed.Alice));
        var plainCluster = await _bed.ClusterAsync("plain", encrypted: false);
        var plain = await _bed.SnapshotAsync(plainCluster, "plain-snap");

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => Share(encrypted.Identifier, ["all"]));
        await Share(plain.Identifier, ["all"]);
        var published = _bed.Clusters.DescribeSnapshots(_bed.Bob, null, null, "public", false, false, null);
        var notIncluded = _bed.Clusters.DescribeSnapshots(_bed.Bob, null, null, null, true, false, null);

        Assert.Equal("InvalidParameterValue", refused.Code);
        Assert.Empty(_bed.Snapshots.FindById(encrypted.SnapshotId)!.SharedWith);
        Assert.Equal([plain.Arn], published.Select(s => s.Arn));
        Assert.Empty(notIncluded);
    }

    [Fact]
    public async Task ShareWithAccounts_AtMostTwenty()
    {
        var (_, snapshot) = await SnapshotAsync(await _bed.KeyAsync(_bed.Alice));
        var twenty = Enumerable.Range(0, 20).Select(i => (100000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var atLimit = await Share(snapshot.Identifier, twenty);
        var over = await Assert.ThrowsAsync<AwsServiceException>(() => Share(snapshot.Identifier, ["999999999999"]));
        var swapped = await Share(snapshot.Identifier, ["999999999999"], [twenty[0]]);

        Assert.Equal(20, atLimit.SharedWith.Count);
        Assert.Equal("SharedSnapshotQuotaExceeded", over.Code);
        Assert.Equal(20, swapped.SharedWith.Count);
        Assert.Contains("999999999999", swapped.SharedWith);
    }

    [Fact]
    public async Task ModifyAttribute_WithAnotherName_AnInvalidValue_AnAutomatedSnapshot_OrAnotherAccountsSnapshot_IsRefused()
    {
        var (_, snapshot) = await SnapshotAsync(await _bed.KeyAsync(_bed.Alice));

        var name = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.ModifySnapshotAttributeAsync(_bed.Alice, snapshot.Identifier, "copy", [_bed.Bob.Account.Value], [], default));
        var value = await Assert.ThrowsAsync<AwsServiceException>(() => Share(snapshot.Identifier, ["12345"]));
        var notOwner = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.ModifySnapshotAttributeAsync(_bed.Bob, snapshot.Arn, "restore", [_bed.Bob.Account.Value], [], default));
        var describeNotOwner = Assert.Throws<AwsServiceException>(() => _bed.Clusters.DescribeSnapshotAttributes(_bed.Bob, snapshot.Arn));
        await _bed.Snapshots.UpdateAsync(snapshot with { SnapshotType = SnapshotStatus.Automated }, default);
        var automated = await Assert.ThrowsAsync<AwsServiceException>(() => Share(snapshot.Identifier, [_bed.Bob.Account.Value]));

        Assert.Equal("InvalidParameterValue", name.Code);
        Assert.Equal("InvalidParameterValue", value.Code);
        Assert.Equal("DBClusterSnapshotNotFoundFault", notOwner.Code);
        Assert.Equal("DBClusterSnapshotNotFoundFault", describeNotOwner.Code);
        Assert.Equal("InvalidDBClusterSnapshotStateFault", automated.Code);
        Assert.Empty(_bed.Snapshots.FindById(snapshot.SnapshotId)!.SharedWith);
    }

    /// <summary>An encrypted cluster of Alice's under <paramref name="key"/> (the AWS managed key when null), with marker rows, and a snapshot of it.</summary>
    private async Task<(DbCluster Cluster, DbClusterSnapshot Snapshot)> SnapshotAsync(KmsKey? key)
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true, key?.Arn);
        await _bed.WriteMarkerAsync(cluster, Marker);
        return (cluster, await _bed.SnapshotAsync(cluster, "snap"));
    }

    private Task<DbClusterSnapshot> Share(string snapshot, IReadOnlyList<string> add, IReadOnlyList<string>? remove = null) =>
        _bed.Clusters.ModifySnapshotAttributeAsync(_bed.Alice, snapshot, "restore", add, remove ?? [], default);

    private Task<DbClusterSnapshot> Copy(KmsCaller caller, string source, string target, string? kmsKeyId) =>
        _bed.Clusters.CopySnapshotAsync(caller, new CopySnapshotRequest { SourceIdentifier = source, TargetIdentifier = target, KmsKeyId = kmsKeyId }, default);
}
