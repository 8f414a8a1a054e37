using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary><c>aws rds describe-db-log-files</c> and <c>download-db-log-file-portion</c> (auto-paginated to the end) on an instance's error log.</summary>
[Trait("Category", "Slow")]
public sealed class RdsLogFilesCliTests
{
    [Fact]
    public async Task ErrorLog_AfterCreateAndReboot_IsListedAndDownloadedToTheEnd_AndMissingFilesAndInstancesAreFaults()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await aws.RunJsonAsync("rds", "create-db-cluster", "--db-cluster-identifier", "logs", "--engine", "sqlite", "--master-username", "admin", "--master-user-password", "Passw0rd!", "--storage-encrypted");
        var waited = await aws.RunAsync("rds", "wait", "db-cluster-available", "--db-cluster-identifier", "logs");
        await aws.RunJsonAsync("rds", "create-db-instance", "--db-instance-identifier", "logs-1", "--db-cluster-identifier", "logs", "--engine", "sqlite", "--db-instance-class", "db.r5.large");
        await aws.RunJsonAsync("rds", "reboot-db-instance", "--db-instance-identifier", "logs-1");

        var files = (await aws.RunJsonAsync("rds", "describe-db-log-files", "--db-instance-identifier", "logs-1", "--filename-contains", "error")).GetProperty("DescribeDBLogFiles");
        var file = files[0];
        var name = file.GetProperty("LogFileName").GetString()!;
        var downloaded = await aws.RunAsync("rds", "download-db-log-file-portion", "--db-instance-identifier", "logs-1", "--log-file-name", name, "--starting-token", "0", "--output", "text");
        var paged = await aws.RunAsync("rds", "download-db-log-file-portion", "--db-instance-identifier", "logs-1", "--log-file-name", name, "--page-size", "1", "--output", "text");
        var missing = await aws.RunAsync("rds", "download-db-log-file-portion", "--db-instance-identifier", "logs-1", "--log-file-name", "error/sqlite-error.log.2001-01-01.00");
        var noInstance = await aws.RunAsync("rds", "describe-db-log-files", "--db-instance-identifier", "nobody");
        var onDisk = DiskScan.FilesContaining(server.DataDirectory, "Shutdown requested by RebootDBInstance");

        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal(1, files.GetArrayLength());
        Assert.StartsWith("error/sqlite-error.log.", name, StringComparison.Ordinal);
        var lastWritten = DateTimeOffset.FromUnixTimeMilliseconds(file.GetProperty("LastWritten").GetInt64());
        Assert.InRange(DateTimeOffset.UtcNow - lastWritten, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Assert.True(downloaded.ExitCode == 0, downloaded.ToString());
        Assert.Contains("[Note] Instance logs-1 (db.r5.large) started", downloaded.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Shutdown requested by RebootDBInstance", downloaded.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("started after reboot", downloaded.StandardOutput, StringComparison.Ordinal);
        Assert.True(paged.ExitCode == 0, paged.ToString());
        Assert.Contains("started after reboot", paged.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(file.GetProperty("Size").GetInt64(), System.Text.Encoding.UTF8.GetByteCount(downloaded.StandardOutput.TrimEnd('\n')) + 1);
        Assert.Contains("(DBLogFileNotFoundFault)", missing.StandardError, StringComparison.Ordinal);
        Assert.Contains("(DBInstanceNotFound)", noInstance.StandardError, StringComparison.Ordinal);
        Assert.Empty(onDisk);
    }
}
