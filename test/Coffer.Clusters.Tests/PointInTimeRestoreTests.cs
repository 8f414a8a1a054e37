using Coffer.Primitives;

namespace Coffer.Clusters.Tests;

/// <summary>RestoreDBClusterToPointInTime on a fake clock: exactly the transactions committed at or before the restore time.</summary>
public sealed class PointInTimeRestoreTests : IAsyncLifetime
{
    private BackupTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await BackupTestBed.CreateAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task RestoreToPointInTime_AtSeveralTimes_HoldsExactlyTheRowsCommittedAtOrBeforeEach()
    {
        var source = await _bed.AvailableClusterAsync("source");
        await _bed.CommitAsync(source, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var one = await _bed.CommitAsync(source, "INSERT INTO t VALUES (1)");
        var two = await _bed.CommitAsync(source, "INSERT INTO t VALUES (2)");
        await _bed.AdvanceAsync(TimeSpan.FromMinutes(5)); // the log is sealed
        var three = await _bed.CommitAsync(source, "INSERT INTO t VALUES (3)");
        await _bed.AdvanceAsync(TimeSpan.FromHours(1)); // a second automated snapshot, then the log sealed again
        var four = await _bed.CommitAsync(source, "INSERT INTO t VALUES (4)"); // only in the open segment
        var five = await _bed.CommitAsync(source, "DELETE FROM t WHERE id = 2");

        var atOne = await _bed.RestoreAsync("at-one", one, "source");
        var justBeforeTwo = await _bed.RestoreAsync("before-two", two - TimeSpan.FromMilliseconds(1), "source");
        var atThree = await _bed.RestoreAsync("at-three", three + TimeSpan.FromMinutes(30), "source");
        var atFour = await _bed.RestoreAsync("at-four", four, "source");
        var latest = await _bed.RestoreAsync("latest", null, "source");

        Assert.Equal(2, _bed.AutomatedSnapshots(source).Count);
        Assert.NotEmpty(await _bed.SegmentsAsync(source));
        Assert.Equal("1", await _bed.RowsAsync(atOne));
        Assert.Equal("1", await _bed.RowsAsync(justBeforeTwo));
        Assert.Equal("1,2,3", await _bed.RowsAsync(atThree));
        Assert.Equal("1,2,3,4", await _bed.RowsAsync(atFour));
        Assert.Equal("1,3,4", await _bed.RowsAsync(latest));
        Assert.True(five <= _bed.Time.GetUtcNow());
        Assert.All([atOne, justBeforeTwo, atThree, atFour, latest], c =>
        {
            Assert.Equal(ClusterStatus.Available, c.Status);
            Assert.True(c.StorageEncrypted);
            Assert.Equal(source.KmsKeyArn, c.KmsKeyArn);
            Assert.Null(c.RestoreSource);
        });
    }

    [Fact]
    public async Task RestoreToPointInTime_OfAStoppedCluster_ReplaysTheLogSealedAtStop()
    {
        var source = await _bed.AvailableClusterAsync("stopped");
        await _bed.CommitAsync(source, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var one = await _bed.CommitAsync(source, "INSERT INTO t VALUES (1)");
        await _bed.CommitAsync(source, "INSERT INTO t VALUES (2)");
        await _bed.Clusters.StopClusterAsync(_bed.Alice, "stopped", default);
        await _bed.Clusters.DrainAsync();

        var window = _bed.Clusters.RestorableWindowOf(_bed.Cluster(source.ResourceId))!.Value;
        var atOne = await _bed.RestoreAsync("at-one", one, "stopped");
        var latest = await _bed.RestoreAsync("latest", null, "stopped");

        Assert.True(window.Latest <= _bed.Time.GetUtcNow() + TimeSpan.FromMilliseconds(1));
        Assert.Equal("1", await _bed.RowsAsync(atOne));
        Assert.Equal("1,2", await _bed.RowsAsync(latest));
    }

    [Fact]
    public async Task RestoreToPointInTime_WithAnotherKey_IsEncryptedUnderIt()
    {
        var source = await _bed.AvailableClusterAsync("rekey");
        await _bed.CommitAsync(source, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await _bed.CommitAsync(source, "INSERT INTO t VALUES (7)");
        var other = await _bed.Keys.CreateKeyAsync(_bed.Alice, null, "other", false, new Dictionary<string, string>(), default);

        var restored = await _bed.RestoreAsync("rekeyed", null, "rekey", kmsKeyId: other.KeyId);

        Assert.Equal(other.Arn, restored.KmsKeyArn);
        Assert.Equal("7", await _bed.RowsAsync(restored));
    }

    [Fact]
    public async Task RestoreToPointInTime_OutsideTheWindowOrWithBadParameters_IsRefusedWithAwsCodes()
    {
        var source = await _bed.AvailableClusterAsync("refused");
        await _bed.CommitAsync(source, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var window = _bed.Clusters.RestorableWindowOf(_bed.Cluster(source.ResourceId))!.Value;

        var before = await Refused(new() { Identifier = "x", SourceClusterIdentifier = "refused", RestoreToTime = window.Earliest - TimeSpan.FromSeconds(1) });
        var after = await Refused(new() { Identifier = "x", SourceClusterIdentifier = "refused", RestoreToTime = _bed.Time.GetUtcNow() + TimeSpan.FromMinutes(1) });
        var both = await Refused(new() { Identifier = "x", SourceClusterIdentifier = "refused", RestoreToTime = window.Latest, UseLatestRestorableTime = true });
        var neither = await Refused(new() { Identifier = "x", SourceClusterIdentifier = "refused" });
        var twoSources = await Refused(new() { Identifier = "x", SourceClusterIdentifier = "refused", SourceResourceId = source.ResourceId, UseLatestRestorableTime = true });
        var cow = await Refused(new() { Identifier = "x", SourceClusterIdentifier = "refused", UseLatestRestorableTime = true, RestoreType = "copy-on-write" });
        var missing = await Refused(new() { Identifier = "x", SourceClusterIdentifier = "nope", UseLatestRestorableTime = true });
        var noBackup = await Refused(new() { Identifier = "x", SourceResourceId = "cluster-NOPE", UseLatestRestorableTime = true });
        var taken = await Refused(new() { Identifier = "refused", SourceClusterIdentifier = "refused", UseLatestRestorableTime = true });

        Assert.Equal("InvalidRestoreFault", before.Code);
        Assert.Contains("outside the restorable window", before.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidRestoreFault", after.Code);
        Assert.Equal("InvalidParameterCombination", both.Code);
        Assert.Equal("InvalidParameterCombination", neither.Code);
        Assert.Equal("InvalidParameterCombination", twoSources.Code);
        Assert.Equal("InvalidParameterValue", cow.Code);
        Assert.Equal("DBClusterNotFoundFault", missing.Code);
        Assert.Equal("DBClusterAutomatedBackupNotFoundFault", noBackup.Code);
        Assert.Equal("DBClusterAlreadyExistsFault", taken.Code);
    }

    [Fact]
    public async Task RestoreToPointInTime_WithAKeyTheCallerMayNotUse_IsKmsKeyNotAccessible()
    {
        var source = await _bed.AvailableClusterAsync("locked");
        await _bed.CommitAsync(source, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await _bed.Keys.DisableKeyAsync(_bed.Alice, source.KmsKeyArn!, default);
        await _bed.Clusters.DrainAsync();

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.RestoreToPointInTimeAsync(_bed.Alice, new PointInTimeRestoreClusterRequest
        {
            Identifier = "x",
            SourceClusterIdentifier = "locked",
            UseLatestRestorableTime = true,
        }, default));

        Assert.Equal("KMSKeyNotAccessibleFault", refused.Code);
    }

    [Fact]
    public async Task Restart_DuringAPointInTimeRestore_ResumesIt_OrFailsCleanlyWithoutItsBase()
    {
        var source = await _bed.AvailableClusterAsync("resumed");
        await _bed.CommitAsync(source, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var one = await _bed.CommitAsync(source, "INSERT INTO t VALUES (1)");
        await _bed.CommitAsync(source, "INSERT INTO t VALUES (2)");
        var accepted = await _bed.RestoreAsync("resume-me", one, "resumed");
        var lost = await _bed.RestoreAsync("lose-me", one, "resumed");
        var interrupted = accepted with { Status = ClusterStatus.Creating, RestoreSource = new ClusterRestoreSource { SnapshotId = _bed.AutomatedSnapshots(source)[0].SnapshotId, Principal = _bed.Alice.PrincipalArn, RestoreTime = one, SourceResourceId = source.ResourceId } };
        var withoutBase = lost with { Status = ClusterStatus.Creating, RestoreSource = new ClusterRestoreSource { SnapshotId = "snapshot-GONE", Principal = _bed.Alice.PrincipalArn, RestoreTime = one, SourceResourceId = source.ResourceId } };

        await _bed.RestartAsync(async () =>
        {
            // As if the process had stopped right after accepting the two restores: their volumes not yet built.
            await _bed.Clusters.Store.UpdateAsync(interrupted, default);
            await _bed.Clusters.Store.UpdateAsync(withoutBase, default);
            Directory.Delete(Path.Combine(_bed.Directory.Path, "clusters", accepted.ResourceId), recursive: true);
        });

        var resumed = _bed.Cluster(accepted.ResourceId);
        Assert.Equal(ClusterStatus.Available, resumed.Status);
        Assert.Null(resumed.RestoreSource);
        Assert.Equal("1", await _bed.RowsAsync(resumed));
        Assert.Equal(ClusterStatus.IncompatibleRestore, _bed.Cluster(lost.ResourceId).Status);
        Assert.Equal("1,2", await _bed.RowsAsync(_bed.Cluster(source.ResourceId)));
    }

    private async Task<AwsServiceException> Refused(PointInTimeRestoreClusterRequest request) =>
        await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.RestoreToPointInTimeAsync(_bed.Alice, request, default));
}
