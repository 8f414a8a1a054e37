using Coffer.Storage.Archives;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Tests.Volumes;
using Coffer.Storage.Volumes;

namespace Coffer.Storage.Tests.ChangeLog;

/// <summary>A flipped bit anywhere in a log segment, local or sealed, is detected before anything is replayed from it.</summary>
public sealed class ChangeLogTamperingTests
{
    public static TheoryData<string> Places => ["header", "frame fields", "page body", "page tag", "commit record", "end record"];

    [Theory]
    [MemberData(nameof(Places))]
    public async Task Seal_OfAClosedSegmentWithAFlippedBit_Fails(string place)
    {
        using var bed = new ChangeLogTestBed();
        bed.Commit("INSERT INTO t (v) VALUES ('a')");
        bed.Commit("INSERT INTO t (v) VALUES ('b')");
        bed.Volume.RotateChangeLog();
        var closed = Directory.GetFiles(Path.Combine(bed.VolumeDirectory, "changelog"), "*.seg").Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(closed);
        var frame = bytes.AsSpan().IndexOf("FRM1"u8);
        var offset = place switch
        {
            "header" => 20,
            "frame fields" => frame + 14,
            "page body" => frame + 28 + 100,
            "page tag" => frame + 28 + 4090,
            "commit record" => bytes.AsSpan().IndexOf("CMT1"u8) + 6,
            _ => bytes.Length - 20,
        };
        VolumeTestSupport.FlipBit(closed, offset, bit: 3);

        await Assert.ThrowsAsync<ChangeLogCorruptException>(() => ChangeLogArchives.SealAsync(
            bed.Volume, bed.Store, "log/", _ => Task.FromResult<VolumeKeyMaterial?>(VolumeTestSupport.KeyMaterial(VolumeTestSupport.NewKey())), bed.Time, default));
        Assert.True(File.Exists(closed), "a segment that fails verification is kept, not deleted");
    }

    [Fact]
    public async Task RestoreToTime_FromASealedSegmentWithAFlippedBit_Fails()
    {
        using var bed = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        bed.Commit("INSERT INTO t (v, pad) VALUES ('a', randomblob(5000))");
        var name = Assert.Single(await bed.SealAsync());
        var file = Path.Combine(bed.Directory.Path, "store", name);
        VolumeTestSupport.FlipBit(file, new FileInfo(file).Length / 2);

        await Assert.ThrowsAsync<ArchiveCorruptException>(() => bed.RestoreAsync(snapshot, bed.States[^1].Time, live: false));
    }

    [Fact]
    public async Task Segments_OfAnotherVolume_AreRefused()
    {
        using var bed = new ChangeLogTestBed();
        using var other = new ChangeLogTestBed();
        var snapshot = await bed.SnapshotAsync();
        other.Commit("INSERT INTO t (v) VALUES ('other volume')");
        var name = Assert.Single(await other.SealAsync());
        var foreign = Path.Combine(bed.Directory.Path, "store", name);
        Directory.CreateDirectory(Path.GetDirectoryName(foreign)!);
        File.Copy(Path.Combine(other.Directory.Path, "store", name), foreign);
        foreach (var (handle, key) in other.ArchiveKeys)
        {
            bed.ArchiveKeys[handle] = key;
        }

        await Assert.ThrowsAsync<ChangeLogCorruptException>(() => bed.RestoreAsync(snapshot, other.States[^1].Time.AddYears(1), live: false));
    }

    [Fact]
    public async Task NoPlaintext_InTheLogTheStoreOrTheRestore()
    {
        using var bed = new ChangeLogTestBed();
        var marker = VolumeTestSupport.NewMarker();
        var snapshot = await bed.SnapshotAsync();
        bed.Commit("INSERT INTO t (v, pad) VALUES ($p0, zeroblob(20000))", marker);
        bed.Commit("UPDATE t SET v = v || $p0", marker);
        bed.Commit("CREATE INDEX t_v ON t (v)");
        Assert.NotEmpty(await bed.SealAsync());
        bed.Commit("INSERT INTO t (v) VALUES ($p0)", marker + " in the current segment");
        using var restored = await bed.RestoreAsync(snapshot, bed.States[^1].Time);
        Assert.Contains(marker, ChangeLogTestBed.RowsOf(restored), StringComparison.Ordinal);

        Assert.Empty(VolumeTestSupport.FilesContaining(VolumeTestSupport.FilesUnder(bed.Directory.Path), marker));
    }
}
