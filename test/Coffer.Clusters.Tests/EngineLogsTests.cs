using Coffer.Primitives;
using Coffer.TestKit;

namespace Coffer.Clusters.Tests;

/// <summary>The DB instances' engine logs: what is recorded, how it is served, rotated, refused and deleted.</summary>
public sealed class EngineLogsTests
{
    private const string ErrorLogAtNoon = "error/sqlite-error.log.2026-11-27.12";
    private const string SlowLogAtNoon = "slowquery/sqlite-slowquery.log.2026-11-27.12";

    [Fact]
    public async Task CreateAndReboot_AreRecordedInTheInstancesErrorLog_ReadToTheEnd()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var (cluster, instance) = await MemberAsync(bed, encrypted: true);
        await bed.Instances.RebootAsync(bed.Alice, "db-1", default);

        var files = bed.Clusters.EngineLogs.ListFiles(cluster, instance);
        var portion = bed.Clusters.EngineLogs.Download(cluster, instance, ErrorLogAtNoon, null, null);

        var file = Assert.Single(files);
        Assert.Equal(ErrorLogAtNoon, file.Name);
        Assert.Equal(bed.Time.GetUtcNow(), file.LastWritten);
        var lines = portion.LogFileData.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-11-27T12:00:00.000Z [Note] Instance db-1 (db.r5.large) started", lines[0], StringComparison.Ordinal);
        Assert.Contains("Shutdown requested by RebootDBInstance", lines[1], StringComparison.Ordinal);
        Assert.Contains("started after reboot", lines[2], StringComparison.Ordinal);
        Assert.Equal(file.Size, System.Text.Encoding.UTF8.GetByteCount(portion.LogFileData));
        Assert.False(portion.AdditionalDataPending);
        Assert.Equal("3", portion.Marker);
    }

    [Fact]
    public async Task RecordSlowStatement_RecordsOnlyFromTheThreshold_WithDurationRowsAndSqlButNoTextOnDisk()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var (cluster, instance) = await MemberAsync(bed, encrypted: true);
        var marker = "MARKER-" + Guid.NewGuid().ToString("N");

        bed.Clusters.EngineLogs.RecordSlowStatement(cluster, "db-1", "select 'fast'", TimeSpan.FromMilliseconds(999), 1);
        bed.Clusters.EngineLogs.RecordSlowStatement(cluster, "DB-1", $"select * from t where note = '{marker}'\nand id = :id", TimeSpan.FromMilliseconds(1500), 42);

        var text = bed.Clusters.EngineLogs.Download(cluster, instance, SlowLogAtNoon, "0", null).LogFileData;
        Assert.Equal($"2026-11-27T12:00:00.000Z duration=1.500000s rows=42 sql=select * from t where note = '{marker}'\\nand id = :id\n", text);
        Assert.Empty(DiskScan.FilesContaining(bed.Directory.Path, marker));
    }

    [Fact]
    public async Task RecordError_ForAnUnknownInstanceOrAStoppedCluster_NeitherThrowsNorRecords()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var (cluster, instance) = await MemberAsync(bed, encrypted: false);

        bed.Clusters.EngineLogs.RecordError(cluster, "nobody", "lost");
        bed.Clusters.EngineLogs.RecordError(cluster, "db-1", "kept: line one\r\nline two");
        await bed.Clusters.StopClusterAsync(bed.Alice, cluster.Identifier, default);
        await bed.Clusters.DrainAsync();
        bed.Clusters.EngineLogs.RecordError(cluster, "db-1", "while stopped");
        await bed.Clusters.StartClusterAsync(bed.Alice, cluster.Identifier, default);
        await bed.Clusters.DrainAsync();

        var text = bed.Clusters.EngineLogs.Download(cluster, instance, ErrorLogAtNoon, "0", null).LogFileData;
        Assert.Contains("[Error] kept: line one\\r\\nline two\n", text, StringComparison.Ordinal);
        Assert.Contains("instance shutting down", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("opened (unencrypted); instance started.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("lost", text, StringComparison.Ordinal);
        Assert.DoesNotContain("while stopped", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_PagesByMarkerUntilNoDataIsPending_AndWithoutMarkerTakesTheLastLines()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var (cluster, instance) = await MemberAsync(bed, encrypted: true);
        for (var i = 0; i < 24; i++)
        {
            bed.Clusters.EngineLogs.RecordError(cluster, "db-1", $"error {i}");
        }

        var pages = new List<EngineLogPortion>();
        string? marker = "0";
        do
        {
            pages.Add(bed.Clusters.EngineLogs.Download(cluster, instance, ErrorLogAtNoon, marker, 10));
            marker = pages[^1].Marker;
        }
        while (pages[^1].AdditionalDataPending);
        var tail = bed.Clusters.EngineLogs.Download(cluster, instance, ErrorLogAtNoon, null, 2);

        Assert.Equal(["10", "20", "25"], pages.Select(p => p.Marker));
        Assert.Equal([true, true, false], pages.Select(p => p.AdditionalDataPending));
        Assert.Equal(25, string.Concat(pages.Select(p => p.LogFileData)).Count(c => c == '\n'));
        Assert.EndsWith("error 22\n", tail.LogFileData.Split('\n')[0] + "\n", StringComparison.Ordinal);
        Assert.False(tail.AdditionalDataPending);
    }

    [Fact]
    public async Task Download_OfAFileTheInstanceDoesNotHave_IsDBLogFileNotFoundFault()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var (cluster, instance) = await MemberAsync(bed, encrypted: true);

        var missing = Assert.Throws<AwsServiceException>(() => bed.Clusters.EngineLogs.Download(cluster, instance, "error/sqlite-error.log.2001-01-01.00", null, null));
        var escaping = Assert.Throws<AwsServiceException>(() => bed.Clusters.EngineLogs.Download(cluster, instance, "../" + instance.ResourceId + "/" + ErrorLogAtNoon, null, null));

        Assert.Equal("DBLogFileNotFoundFault", missing.Code);
        Assert.Equal(404, missing.HttpStatus);
        Assert.Equal("DBLogFileNotFoundFault", escaping.Code);
    }

    [Fact]
    public async Task Logs_OfAClusterWhoseKeyIsDisabled_AreKmsKeyNotAccessible_AndTheLossIsRecordedForAfterRecovery()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, "logs", false, new Dictionary<string, string>(), default);
        var created = await bed.Clusters.CreateAsync(bed.Alice, new CreateClusterRequest { Identifier = "k", Engine = ClusterEngine.Name, MasterUsername = "admin", MasterUserPassword = "Passw0rd!", StorageEncrypted = true, KmsKeyId = key.Arn }, default);
        await bed.Clusters.DrainAsync();
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("db-1", "k"), default);
        var instance = bed.Instances.Store.Find(bed.Alice.Account, bed.Alice.Region, "db-1")!;

        await bed.Keys.DisableKeyAsync(bed.Alice, key.KeyId, default);
        await bed.Clusters.DrainAsync();
        var refused = Assert.Throws<AwsServiceException>(() => bed.Clusters.EngineLogs.ListFiles(created, instance));
        await bed.Keys.EnableKeyAsync(bed.Alice, key.KeyId, default);
        await bed.Clusters.StartClusterAsync(bed.Alice, "k", default);
        await bed.Clusters.DrainAsync();
        var text = bed.Clusters.EngineLogs.Download(created, instance, ErrorLogAtNoon, "0", null).LogFileData;

        Assert.Equal("KMSKeyNotAccessibleFault", refused.Code);
        Assert.Contains($"[Error] The KMS key {key.Arn} can no longer be used (inaccessible-encryption-credentials-recoverable)", text, StringComparison.Ordinal);
        Assert.Contains("opened (AES-256-GCM", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_RotateEachHour_AndThoseOlderThanTheRetentionAreDeleted()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var (cluster, instance) = await MemberAsync(bed, encrypted: true);

        bed.Time.Advance(TimeSpan.FromHours(1));
        bed.Clusters.EngineLogs.RecordError(cluster, "db-1", "an hour later");
        var twoFiles = bed.Clusters.EngineLogs.ListFiles(cluster, instance).Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        bed.Time.Advance(TimeSpan.FromDays(3));
        bed.Clusters.EngineLogs.RecordError(cluster, "db-1", "three days later");
        var afterRetention = bed.Clusters.EngineLogs.ListFiles(cluster, instance).Select(f => f.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal([ErrorLogAtNoon, "error/sqlite-error.log.2026-11-27.13"], twoFiles);
        Assert.Equal(["error/sqlite-error.log.2026-11-27.13", "error/sqlite-error.log.2026-11-30.13"], afterRetention);
    }

    [Fact]
    public async Task DeleteDbInstance_DeletesItsLogs()
    {
        await using var bed = await InstanceTestBed.CreateAsync();
        var (cluster, instance) = await MemberAsync(bed, encrypted: true);
        var directory = Path.Combine(bed.Directory.Path, "clusters", cluster.ResourceId, "logs", instance.ResourceId);
        var existed = Directory.Exists(directory);

        await bed.Instances.DeleteAsync(bed.Alice, "db-1", default);

        Assert.True(existed);
        Assert.False(Directory.Exists(directory));
    }

    private static async Task<(DbCluster Cluster, DbInstance Instance)> MemberAsync(InstanceTestBed bed, bool encrypted)
    {
        var cluster = await bed.AvailableClusterAsync("c", encrypted);
        await bed.Instances.CreateAsync(bed.Alice, InstanceTestBed.Member("db-1", "c"), default);
        return (cluster, bed.Instances.Store.Find(bed.Alice.Account, bed.Alice.Region, "db-1")!);
    }
}
