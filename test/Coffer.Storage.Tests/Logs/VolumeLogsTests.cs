using Coffer.Storage.Logs;
using Coffer.Storage.Tests.Volumes;
using Coffer.Storage.Volumes;
using Coffer.TestKit;

namespace Coffer.Storage.Tests.Logs;

/// <summary>Engine log files: sealed records under the volume's derived key, their round trip, tampering and what reaches disk.</summary>
public sealed class VolumeLogsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 21, 5, 3, 123, TimeSpan.Zero);
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Append_ThenRead_ReturnsEveryRecordInOrderWithItsTime(bool encrypted)
    {
        using var volume = NewVolume("v", encrypted);

        volume.Logs.Append("db-1/error/sqlite-error.log", T0, "first");
        volume.Logs.Append("db-1/error/sqlite-error.log", T0.AddSeconds(1), "second ✓");
        var records = volume.Logs.Read("db-1/error/sqlite-error.log");
        var listed = Assert.Single(volume.Logs.List("db-1"));

        Assert.Equal([new LogRecord(T0, "first"), new LogRecord(T0.AddSeconds(1), "second ✓")], records);
        Assert.Equal("error/sqlite-error.log", listed.Name);
        Assert.Equal(T0.AddSeconds(1), listed.LastWritten);
        Assert.Equal("first\n".Length + "second ✓\n"u8.Length, listed.Size);
        Assert.Equal(2, listed.Records);
    }

    [Fact]
    public void Append_OnAnEncryptedVolume_PutsNoTextOnDisk_ButTheSameOnAnUnencryptedOneDoes()
    {
        var marker = VolumeTestSupport.NewMarker();
        using (var encrypted = NewVolume("enc", encrypted: true))
        {
            encrypted.Logs.Append("db-1/slowquery/sqlite-slowquery.log", T0, $"select '{marker}'");
        }

        using (var plain = NewVolume("plain", encrypted: false))
        {
            plain.Logs.Append("db-1/slowquery/sqlite-slowquery.log", T0, $"select '{marker}'");
        }

        var found = DiskScan.FilesContaining(_directory.Path, marker);

        Assert.Equal([Path.Combine(_directory.Path, "plain", "logs", "db-1", "slowquery", "sqlite-slowquery.log")], found);
    }

    [Fact]
    public void Read_AfterAByteOfARecordChanged_IsLogFileCorrupt()
    {
        using var volume = NewVolume("v", encrypted: true);
        volume.Logs.Append("a/error.log", T0, "one");
        volume.Logs.Append("a/error.log", T0, "two");
        var path = Path.Combine(volume.Logs.Root, "a", "error.log");
        var bytes = File.ReadAllBytes(path);
        bytes[^20] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<LogFileCorruptException>(() => volume.Logs.Read("a/error.log"));

        Assert.Equal(1, error.RecordNumber);
    }

    [Fact]
    public void Read_OfAFileCopiedOverAnotherName_IsLogFileCorrupt()
    {
        using var volume = NewVolume("v", encrypted: true);
        volume.Logs.Append("a/error.log.1", T0, "from one");
        volume.Logs.Append("a/error.log.2", T0, "from two");
        File.Copy(Path.Combine(volume.Logs.Root, "a", "error.log.1"), Path.Combine(volume.Logs.Root, "a", "error.log.2"), overwrite: true);

        Assert.Throws<LogFileCorruptException>(() => volume.Logs.Read("a/error.log.2"));
    }

    [Fact]
    public void Read_WithTheTimeOfARecordChanged_IsLogFileCorrupt()
    {
        using var volume = NewVolume("v", encrypted: true);
        volume.Logs.Append("a/error.log", T0, "one");
        var path = Path.Combine(volume.Logs.Root, "a", "error.log");
        var bytes = File.ReadAllBytes(path);
        bytes[32 + 11] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        Assert.Throws<LogFileCorruptException>(() => volume.Logs.Read("a/error.log"));
    }

    [Fact]
    public void Read_WithAnotherVolumesKey_IsLogFileCorrupt()
    {
        using (var volume = NewVolume("v", encrypted: true))
        {
            volume.Logs.Append("a/error.log", T0, "one");
        }

        using var other = NewVolume("w", encrypted: true);
        other.Logs.Append("a/error.log", T0, "mine");
        File.Copy(Path.Combine(_directory.Path, "v", "logs", "a", "error.log"), Path.Combine(other.Logs.Root, "a", "error.log"), overwrite: true);

        Assert.Throws<LogFileCorruptException>(() => other.Logs.Read("a/error.log"));
    }

    [Fact]
    public void Append_AfterATornRecord_CutsItOffAndKeepsTheWholeOnes()
    {
        var key = VolumeTestSupport.NewKey();
        var directory = Path.Combine(_directory.Path, "v");
        using (var volume = VolumeTestSupport.Create(directory, key))
        {
            volume.Logs.Append("a/error.log", T0, "whole");
            volume.Logs.Append("a/error.log", T0, "torn");
        }

        var path = Path.Combine(directory, "logs", "a", "error.log");
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length - 3);
        }

        using var reopened = Volume.Open(directory, key);
        var beforeAppend = reopened.Logs.Read("a/error.log");
        reopened.Logs.Append("a/error.log", T0, "after");

        Assert.Equal(["whole"], beforeAppend.Select(r => r.Text));
        Assert.Equal(["whole", "after"], reopened.Logs.Read("a/error.log").Select(r => r.Text));
    }

    [Fact]
    public void Logs_OfAClosedVolume_RefuseEveryUse()
    {
        var volume = NewVolume("v", encrypted: true);
        var logs = volume.Logs;
        logs.Append("a/error.log", T0, "one");

        volume.Dispose();

        Assert.Throws<ObjectDisposedException>(() => logs.Append("a/error.log", T0, "two"));
        Assert.Throws<ObjectDisposedException>(() => logs.Read("a/error.log"));
    }

    [Fact]
    public void Delete_RemovesTheDirectory_AndANewFileStartsAfresh()
    {
        using var volume = NewVolume("v", encrypted: true);
        volume.Logs.Append("db-1/error/e.log", T0, "one");

        volume.Logs.Delete("db-1");
        volume.Logs.Append("db-1/error/e.log", T0, "again");

        Assert.Equal(["again"], volume.Logs.Read("db-1/error/e.log").Select(r => r.Text));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a//b")]
    [InlineData("a/ b")]
    [InlineData("")]
    public void Append_WithAnInvalidName_IsRefused(string name)
    {
        using var volume = NewVolume("v", encrypted: false);

        Assert.Throws<ArgumentException>(() => volume.Logs.Append(name, T0, "x"));
    }

    private Volume NewVolume(string name, bool encrypted)
    {
        var directory = Path.Combine(_directory.Path, name);
        return encrypted ? VolumeTestSupport.Create(directory, VolumeTestSupport.NewKey()) : Volume.CreateUnencrypted(directory, TimeProvider.System);
    }
}
