using Coffer.Primitives;

namespace Coffer.Clusters.Tests;

/// <summary>CopyDBClusterSnapshot: re-encryption, the key rules, the copying state, cancellation and restart.</summary>
public sealed class SnapshotCopyTests : IAsyncLifetime
{
    private const string Marker = "coffer-copy-marker-5f1c";
    private SnapshotTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await SnapshotTestBed.CreateAsync(new ClusterOptions { MaxManualSnapshotsPerAccount = 3 });

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task CopySnapshot_WithANewKey_IsReEncryptedUnderItAndRestoresTheSameDataUnderIt()
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true);
        await _bed.WriteMarkerAsync(cluster, Marker);
        var source = await _bed.SnapshotAsync(cluster, "snap");
        var key = await _bed.KeyAsync(_bed.Alice);

        var started = await Copy(_bed.Alice, "snap", "snap-rekeyed", key.KeyId);
        await _bed.Clusters.DrainAsync();
        var copy = _bed.Snapshots.FindById(started.SnapshotId)!;
        var restored = await _bed.RestoreAsync(_bed.Alice, "snap-rekeyed", "rekeyed");

        Assert.Equal((SnapshotStatus.Copying, 0), (started.Status, started.PercentProgress));
        Assert.Equal((SnapshotStatus.Available, 100, SnapshotStatus.Manual), (copy.Status, copy.PercentProgress, copy.SnapshotType));
        Assert.Equal(source.Arn, copy.SourceSnapshotArn);
        Assert.Null(copy.CopyingFromSnapshotId);
        Assert.Equal(key.Arn, copy.KmsKeyArn);
        Assert.Equal(key.Arn, restored.KmsKeyArn);
        Assert.NotEqual(source.KmsKeyArn, restored.KmsKeyArn);
        var header = await _bed.HeaderAsync(copy);
        Assert.Equal(key.Arn, header.KeyArn);
        Assert.Equal(cluster.ResourceId, header.EncryptionContext[ClusterService.ContextKey]);
        Assert.Equal([Marker, Marker + "-2"], await _bed.ReadMarkerAsync(restored));
        Assert.Empty(_bed.FilesContaining(Marker));
    }

    [Fact]
    public async Task CopySnapshot_WithoutKmsKeyId_KeepsTheKeyUnderAFreshDataKeyAndArchive()
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true);
        var source = await _bed.SnapshotAsync(cluster, "snap");

        var started = await Copy(_bed.Alice, source.Arn, "snap-copy", null);
        await _bed.Clusters.DrainAsync();
        var copy = _bed.Snapshots.FindById(started.SnapshotId)!;
        var (before, after) = (await _bed.HeaderAsync(source), await _bed.HeaderAsync(copy));

        Assert.Equal(source.KmsKeyArn, copy.KmsKeyArn);
        Assert.NotEqual(before.ArchiveId, after.ArchiveId);
        Assert.NotEqual(before.WrappedKey, after.WrappedKey);
        Assert.Equal(before.EncryptionContext[ClusterService.ContextKey], after.EncryptionContext[ClusterService.ContextKey]);
        Assert.Equal(source.SizeBytes, copy.SizeBytes);
    }

    [Fact]
    public async Task CopySnapshot_OfAnUnencryptedSnapshot_WithKmsKeyIdIsRefused_AndWithoutStaysUnencrypted()
    {
        var cluster = await _bed.ClusterAsync("plain", encrypted: false);
        await _bed.WriteMarkerAsync(cluster, Marker);
        await _bed.SnapshotAsync(cluster, "plain-snap");
        var key = await _bed.KeyAsync(_bed.Alice);

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(_bed.Alice, "plain-snap", "with-key", key.KeyId));
        var started = await Copy(_bed.Alice, "plain-snap", "plain-copy", null);
        await _bed.Clusters.DrainAsync();
        var copy = _bed.Snapshots.FindById(started.SnapshotId)!;
        var restored = await _bed.RestoreAsync(_bed.Alice, "plain-copy", "plain-restored");

        Assert.Equal("InvalidParameterCombination", refused.Code);
        Assert.Null(_bed.Snapshots.Find(_bed.Alice.Account, "eu-west-1", "with-key"));
        Assert.Equal((SnapshotStatus.Available, false, null), (copy.Status, copy.StorageEncrypted, copy.KmsKeyArn));
        Assert.False(restored.StorageEncrypted);
        Assert.Equal([Marker, Marker + "-2"], await _bed.ReadMarkerAsync(restored));
        Assert.NotEmpty(_bed.FilesContaining(Marker)); // the plaintext scan finds what is not encrypted
    }

    [Fact]
    public async Task CopySnapshot_OfAnAutomatedSnapshot_IsManual()
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true);
        var source = await _bed.SnapshotAsync(cluster, "auto");
        await _bed.Snapshots.UpdateAsync(source with { SnapshotType = SnapshotStatus.Automated }, default);

        var copy = await Copy(_bed.Alice, "auto", "auto-copy", null);

        Assert.Equal(SnapshotStatus.Manual, copy.SnapshotType);
    }

    [Fact]
    public async Task CopySnapshot_ToATakenIdentifier_OverTheQuota_OrOfAnUnknownSource_IsRefused()
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true);
        await _bed.SnapshotAsync(cluster, "one");
        await _bed.SnapshotAsync(cluster, "two");

        var taken = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(_bed.Alice, "one", "two", null));
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(_bed.Alice, "nope", "three", null));
        await Copy(_bed.Alice, "one", "three", null);
        var quota = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(_bed.Alice, "one", "four", null));

        Assert.Equal("DBClusterSnapshotAlreadyExistsFault", taken.Code);
        Assert.Equal("DBClusterSnapshotNotFoundFault", missing.Code);
        Assert.Equal("SnapshotQuotaExceeded", quota.Code);
    }

    [Fact]
    public async Task CopySnapshot_WhileCopying_TheSourceCannotBeDeleted_AndDeletingTheCopyCancelsIt()
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true);
        await _bed.SnapshotAsync(cluster, "snap");
        _bed.Archives.Hold();

        var copy = await Copy(_bed.Alice, "snap", "held", null);
        var described = _bed.Clusters.DescribeSnapshots(_bed.Alice, null, "held", null, false, false, null).Single();
        var sourceDelete = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.DeleteSnapshotAsync(_bed.Alice, "snap", default));
        var deleted = await _bed.Clusters.DeleteSnapshotAsync(_bed.Alice, "held", default);
        await _bed.Clusters.DrainAsync();
        _bed.Archives.Release();
        await _bed.Clusters.DeleteSnapshotAsync(_bed.Alice, "snap", default);

        Assert.Equal((SnapshotStatus.Copying, "snapshot"), (described.Status, described.CopyingFromSnapshotId?[..8]));
        Assert.Equal("InvalidDBClusterSnapshotStateFault", sourceDelete.Code);
        Assert.Equal(copy.SnapshotId, deleted.SnapshotId);
        Assert.Null(_bed.Snapshots.FindById(copy.SnapshotId));
        Assert.Empty(_bed.ArchiveFiles());
    }

    [Fact]
    public async Task CopySnapshot_InterruptedByARestart_IsRolledBackAndReported()
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true);
        var source = await _bed.SnapshotAsync(cluster, "snap");
        var copy = await Copy(_bed.Alice, "snap", "interrupted", null);
        await _bed.Clusters.DrainAsync();
        // The state a restart in the middle of the copy leaves: the record copying, the archive (partly) there.
        await _bed.Snapshots.UpdateAsync(_bed.Snapshots.FindById(copy.SnapshotId)! with { Status = SnapshotStatus.Copying, PercentProgress = 40, CopyingFromSnapshotId = source.SnapshotId }, default);

        await _bed.RestartAsync();
        var events = await _bed.Events.ListAsync(_bed.Alice.Account, "eu-west-1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, default);
        await _bed.Clusters.DeleteSnapshotAsync(_bed.Alice, "snap", default);

        Assert.Null(_bed.Snapshots.FindById(copy.SnapshotId));
        Assert.Contains(events, e => e.SourceIdentifier == "interrupted" && e.Category == "failure" && e.Message.Contains("rolled back", StringComparison.Ordinal));
        Assert.Empty(_bed.ArchiveFiles());
    }

    [Fact]
    public async Task CopySnapshot_AcrossRegions_NeedsAKeyOfTheDestinationRegion()
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true);
        await _bed.WriteMarkerAsync(cluster, Marker);
        var source = await _bed.SnapshotAsync(cluster, "snap");
        var east = _bed.Alice with { Region = "us-east-1" };
        var eastKey = await _bed.KeyAsync(east);
        var westKey = await _bed.KeyAsync(_bed.Alice);

        var noKey = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(east, source.Arn, "east", null));
        var wrongRegion = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(east, source.Arn, "east", westKey.Arn));
        var byName = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(east, "snap", "east", eastKey.Arn));
        var started = await Copy(east, source.Arn, "east", eastKey.Arn);
        await _bed.Clusters.DrainAsync();
        var copy = _bed.Snapshots.FindById(started.SnapshotId)!;
        var restored = await _bed.RestoreAsync(east, "east", "east-restored");

        Assert.Equal(("InvalidParameterValue", ClusterService.CrossRegionKeyRequiredMessage), (noKey.Code, noKey.Message));
        Assert.Equal("KMSKeyNotAccessibleFault", wrongRegion.Code);
        Assert.Equal("DBClusterSnapshotNotFoundFault", byName.Code);
        Assert.Equal(("us-east-1", SnapshotStatus.Available, eastKey.Arn), (copy.Region, copy.Status, copy.KmsKeyArn));
        Assert.StartsWith("arn:aws:rds:us-east-1:", copy.Arn, StringComparison.Ordinal);
        Assert.Equal(eastKey.Arn, restored.KmsKeyArn);
        Assert.Equal([Marker, Marker + "-2"], await _bed.ReadMarkerAsync(restored));
    }

    [Fact]
    public async Task CopySnapshot_WithAPreSignedUrl_MustNameTheCopyAndTheDestinationRegion()
    {
        var cluster = await _bed.ClusterAsync("source", encrypted: true);
        var source = await _bed.SnapshotAsync(cluster, "snap");
        var east = _bed.Alice with { Region = "us-east-1" };
        var key = await _bed.KeyAsync(east);
        var good = $"https://rds.eu-west-1.amazonaws.com/?Action=CopyDBClusterSnapshot&DestinationRegion=us-east-1&SourceDBClusterSnapshotIdentifier={Uri.EscapeDataString(source.Arn)}&X-Amz-Signature=00";

        var wrongRegion = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(east, source.Arn, "a", key.Arn, good.Replace("us-east-1", "eu-central-1", StringComparison.Ordinal)));
        var notAUrl = await Assert.ThrowsAsync<AwsServiceException>(() => Copy(east, source.Arn, "a", key.Arn, "not a url"));
        var copy = await Copy(east, source.Arn, "a", key.Arn, good);

        Assert.Equal(("InvalidParameterValue", "PreSignedUrl could not be authenticated."), (wrongRegion.Code, wrongRegion.Message));
        Assert.Equal("InvalidParameterValue", notAUrl.Code);
        Assert.Equal("a", copy.Identifier);
    }

    [Fact]
    public async Task CopySnapshot_OfAnUnencryptedSnapshotAcrossRegions_NeedsNoKey()
    {
        var cluster = await _bed.ClusterAsync("plain", encrypted: false);
        var source = await _bed.SnapshotAsync(cluster, "snap");

        var copy = await Copy(_bed.Alice with { Region = "us-east-1" }, source.Arn, "east", null);
        await _bed.Clusters.DrainAsync();

        Assert.Equal((SnapshotStatus.Available, false), (_bed.Snapshots.FindById(copy.SnapshotId)!.Status, copy.StorageEncrypted));
    }

    private Task<DbClusterSnapshot> Copy(Coffer.Keys.KmsCaller caller, string source, string target, string? kmsKeyId, string? preSignedUrl = null) =>
        _bed.Clusters.CopySnapshotAsync(caller, new CopySnapshotRequest { SourceIdentifier = source, TargetIdentifier = target, KmsKeyId = kmsKeyId, PreSignedUrl = preSignedUrl }, default);
}
