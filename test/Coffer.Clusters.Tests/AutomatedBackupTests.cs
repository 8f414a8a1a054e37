using Coffer.Primitives;

namespace Coffer.Clusters.Tests;

/// <summary>Automated snapshots, retention pruning and retained backups on a fake clock.</summary>
public sealed class AutomatedBackupTests : IAsyncLifetime
{
    private BackupTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await BackupTestBed.CreateAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task AvailableCluster_TakesAnAutomatedSnapshotAtOnceAndEveryInterval()
    {
        var cluster = await _bed.AvailableClusterAsync("daily");
        var first = _bed.AutomatedSnapshots(cluster);
        await _bed.AdvanceAsync(TimeSpan.FromMinutes(59));
        var beforeInterval = _bed.AutomatedSnapshots(cluster).Count;
        await _bed.AdvanceAsync(TimeSpan.FromMinutes(1));

        var snapshot = Assert.Single(first);
        Assert.Equal("rds:daily-2026-11-27-12-00", snapshot.Identifier);
        Assert.Equal(SnapshotStatus.Available, snapshot.Status);
        Assert.Equal(cluster.KmsKeyArn, snapshot.KmsKeyArn);
        Assert.Equal(1, beforeInterval);
        Assert.Equal(["rds:daily-2026-11-27-12-00", "rds:daily-2026-11-27-13-00"], _bed.AutomatedSnapshots(cluster).Select(s => s.Identifier));
        var window = _bed.Clusters.RestorableWindowOf(_bed.Cluster(cluster.ResourceId))!.Value;
        Assert.Equal(first[0].LogCommitTime, window.Earliest);
        Assert.Equal(_bed.Time.GetUtcNow(), window.Latest);
    }

    [Fact]
    public async Task AutomatedSnapshot_CannotBeDeletedByDeleteDbClusterSnapshot()
    {
        var cluster = await _bed.AvailableClusterAsync("keep");

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.DeleteSnapshotAsync(_bed.Alice, "rds:keep-2026-11-27-12-00", default));

        Assert.Equal("InvalidDBClusterSnapshotStateFault", refused.Code);
        Assert.Single(_bed.AutomatedSnapshots(cluster));
    }

    [Fact]
    public async Task Retention_PrunesSnapshotsAndSegmentsTheWindowNoLongerNeeds_AndTheWindowStillRestores()
    {
        var cluster = await _bed.AvailableClusterAsync("pruned", retentionDays: 1);
        await _bed.CommitAsync(cluster, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await _bed.CommitAsync(cluster, "INSERT INTO t VALUES (1)");
        await _bed.AdvanceAsync(TimeSpan.FromMinutes(5));
        var oldSegments = await _bed.SegmentsAsync(cluster);
        for (var hour = 1; hour <= 30; hour++)
        {
            for (var i = 0; i < 12; i++)
            {
                await _bed.AdvanceAsync(TimeSpan.FromMinutes(5));
            }

            await _bed.CommitAsync(cluster, $"INSERT INTO t VALUES ({hour + 1})");
        }

        var now = _bed.Time.GetUtcNow();
        var snapshots = _bed.AutomatedSnapshots(cluster);
        var window = _bed.Clusters.RestorableWindowOf(_bed.Cluster(cluster.ResourceId))!.Value;
        var segments = await _bed.SegmentsAsync(cluster);
        var atStart = await _bed.RestoreAsync("window-start", window.Earliest, "pruned");

        // Kept: the snapshots of the last day, and the newest one before it (the base of a restore to the window's start).
        Assert.Equal(snapshots.Count(s => s.SnapshotCreateTime >= now - TimeSpan.FromDays(1)) + 1, snapshots.Count);
        Assert.True(snapshots[0].SnapshotCreateTime < now - TimeSpan.FromDays(1));
        Assert.Equal(now - TimeSpan.FromDays(1), window.Earliest);
        Assert.NotEmpty(oldSegments);
        Assert.DoesNotContain(oldSegments[0], segments);
        var committedByThen = Enumerable.Range(1, 30).Where(h => h + 1 <= 7).Select(h => (h + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(string.Join(",", committedByThen.Prepend("1")), await _bed.RowsAsync(atStart));
    }

    [Fact]
    public async Task DeleteCluster_KeepingAutomatedBackups_RetainsThemUntilDeleteDbClusterAutomatedBackup()
    {
        var cluster = await _bed.AvailableClusterAsync("retained");
        await _bed.CommitAsync(cluster, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var one = await _bed.CommitAsync(cluster, "INSERT INTO t VALUES (1)");
        await _bed.CommitAsync(cluster, "INSERT INTO t VALUES (2)");

        await _bed.Clusters.DeleteAsync(_bed.Alice, "retained", skipFinalSnapshot: true, null, default, deleteAutomatedBackups: false);
        await _bed.Clusters.DrainAsync();
        var deletedAt = _bed.Time.GetUtcNow();
        var backup = Assert.Single(_bed.Clusters.DescribeAutomatedBackups(_bed.Alice, null, "retained"));
        var atOne = await _bed.RestoreAsync("from-retained-one", one, null, sourceResourceId: cluster.ResourceId);
        var latest = await _bed.RestoreAsync("from-retained", null, null, sourceResourceId: cluster.ResourceId);
        var deleted = await _bed.Clusters.DeleteAutomatedBackupAsync(_bed.Alice, cluster.ResourceId, default);

        Assert.Null(_bed.Clusters.Store.FindByResourceId(cluster.ResourceId));
        Assert.Equal("retained", backup.Status);
        Assert.Equal(cluster.ResourceId, backup.ResourceId);
        Assert.Equal(cluster.KmsKeyArn, backup.KmsKeyArn);
        Assert.Equal($"arn:aws:rds:eu-west-1:111122223333:cluster-auto-backup:{cluster.ResourceId}", backup.Arn);
        Assert.Equal(deletedAt, backup.LatestTime);
        Assert.Equal("1", await _bed.RowsAsync(atOne));
        Assert.Equal("1,2", await _bed.RowsAsync(latest));
        Assert.Equal(cluster.ResourceId, deleted.ResourceId);
        Assert.Empty(_bed.Clusters.DescribeAutomatedBackups(_bed.Alice, null, null));
        Assert.Empty(_bed.AutomatedSnapshots(cluster));
        Assert.Empty(await _bed.SegmentsAsync(cluster));
        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.Clusters.DeleteAutomatedBackupAsync(_bed.Alice, cluster.ResourceId, default));
        Assert.Equal("DBClusterAutomatedBackupNotFoundFault", gone.Code);
    }

    [Fact]
    public async Task DeleteCluster_ByDefault_DeletesItsAutomatedBackups()
    {
        var cluster = await _bed.AvailableClusterAsync("gone");
        await _bed.CommitAsync(cluster, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await _bed.AdvanceAsync(TimeSpan.FromMinutes(5));

        await _bed.Clusters.DeleteAsync(_bed.Alice, "gone", skipFinalSnapshot: true, null, default);
        await _bed.Clusters.DrainAsync();

        Assert.Empty(_bed.AutomatedSnapshots(cluster));
        Assert.Empty(await _bed.SegmentsAsync(cluster));
        Assert.Empty(_bed.Clusters.DescribeAutomatedBackups(_bed.Alice, null, null));
    }

    [Fact]
    public async Task RetainedBackup_ItsAutomatedSnapshotsStayDescribable_ByTypeAndResourceId()
    {
        // AWS (Aurora user guide, "Viewing retained automated backups"): the snapshots of a retained automated backup can
        // still be described and restored from; only DescribeDBClusterAutomatedBackups lists the backup itself.
        var cluster = await _bed.AvailableClusterAsync("listed");
        var before = _bed.AutomatedSnapshots(cluster).Select(s => s.Identifier).ToList();

        await _bed.Clusters.DeleteAsync(_bed.Alice, "listed", skipFinalSnapshot: true, null, default, deleteAutomatedBackups: false);
        await _bed.Clusters.DrainAsync();

        Assert.Null(_bed.Clusters.Store.FindByResourceId(cluster.ResourceId));
        Assert.NotEmpty(before);
        Assert.All(before, identifier => Assert.StartsWith("rds:listed-", identifier, StringComparison.Ordinal));
        Assert.Equal(before, _bed.Clusters.DescribeSnapshots(_bed.Alice, null, null, SnapshotStatus.Automated, false, false, null).Select(s => s.Identifier));
        Assert.Equal(before, _bed.Clusters.DescribeSnapshots(_bed.Alice, null, null, null, false, false, cluster.ResourceId).Select(s => s.Identifier));
    }

    [Fact]
    public async Task RetainedBackup_ExpiresAtTheEndOfTheRetentionPeriodItHadAtDeletion_WithItsArchives()
    {
        var cluster = await _bed.AvailableClusterAsync("expiring", retentionDays: 2);
        await _bed.CommitAsync(cluster, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await _bed.CommitAsync(cluster, "INSERT INTO t VALUES (1)");
        await _bed.AdvanceAsync(TimeSpan.FromMinutes(5));
        await _bed.Clusters.DeleteAsync(_bed.Alice, "expiring", skipFinalSnapshot: true, null, default, deleteAutomatedBackups: false);
        await _bed.Clusters.DrainAsync();
        var deletedAt = _bed.Time.GetUtcNow();
        var archives = _bed.AutomatedSnapshots(cluster).Select(s => s.ArchiveName).Concat(await _bed.SegmentsAsync(cluster)).ToList();

        await _bed.AdvanceAsync(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        var lastDay = Assert.Single(_bed.Clusters.DescribeAutomatedBackups(_bed.Alice, cluster.ResourceId, null));
        var stillRestores = await _bed.RestoreAsync("last-minute", null, null, sourceResourceId: cluster.ResourceId);
        var rows = await _bed.RowsAsync(stillRestores);
        await _bed.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(deletedAt - TimeSpan.FromMinutes(1), lastDay.EarliestTime);
        Assert.Equal(deletedAt, lastDay.LatestTime);
        Assert.Equal("1", rows);
        Assert.True(archives.Count >= 2, string.Join(", ", archives));
        Assert.Empty(_bed.Clusters.DescribeAutomatedBackups(_bed.Alice, null, null));
        Assert.Equal("DBClusterAutomatedBackupNotFoundFault", Assert.Throws<AwsServiceException>(() => _bed.Clusters.DescribeAutomatedBackups(_bed.Alice, cluster.ResourceId, null)).Code);
        Assert.Empty(_bed.AutomatedSnapshots(cluster));
        Assert.All(archives, name => Assert.False(File.Exists(Path.Combine(_bed.Directory.Path, "snapshots", name)), $"{name} outlived its retained backup"));
        var restore = await Assert.ThrowsAsync<AwsServiceException>(() => _bed.RestoreAsync("too-late", null, null, sourceResourceId: cluster.ResourceId));
        Assert.Equal("DBClusterAutomatedBackupNotFoundFault", restore.Code);
    }

    [Fact]
    public async Task RetainedBackup_AfterARestart_StillExpiresAndPrunesSnapshotsOlderThanItsWindow()
    {
        var cluster = await _bed.AvailableClusterAsync("restarted", retentionDays: 1);
        await _bed.CommitAsync(cluster, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        for (var hour = 0; hour < 3; hour++)
        {
            await _bed.AdvanceAsync(TimeSpan.FromHours(1));
            await _bed.CommitAsync(cluster, $"INSERT INTO t VALUES ({hour})");
        }

        await _bed.AdvanceAsync(TimeSpan.FromMinutes(5));
        await _bed.Clusters.DeleteAsync(_bed.Alice, "restarted", skipFinalSnapshot: true, null, default, deleteAutomatedBackups: false);
        await _bed.Clusters.DrainAsync();
        var deletedAt = _bed.Time.GetUtcNow();
        var taken = _bed.AutomatedSnapshots(cluster);

        await _bed.RestartAsync();
        await _bed.AdvanceAsync(deletedAt + TimeSpan.FromDays(1) - TimeSpan.FromMinutes(30) - _bed.Time.GetUtcNow());
        var kept = _bed.AutomatedSnapshots(cluster);
        await _bed.AdvanceAsync(TimeSpan.FromMinutes(35));

        // The newest snapshot older than the window stays as the base of a restore to the window's start.
        Assert.Equal(4, taken.Count);
        Assert.Equal(taken.Where(s => s.SnapshotCreateTime >= deletedAt - TimeSpan.FromMinutes(30)).Count() + 1, kept.Count);
        Assert.Equal(taken[^kept.Count..].Select(s => s.SnapshotId), kept.Select(s => s.SnapshotId));
        Assert.Empty(_bed.Clusters.DescribeAutomatedBackups(_bed.Alice, null, null));
        Assert.Empty(_bed.AutomatedSnapshots(cluster));
        Assert.Empty(await _bed.SegmentsAsync(cluster));
    }
}
