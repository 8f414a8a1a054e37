using System.Buffers.Binary;
using System.Security.Cryptography;
using Coffer.Storage.Archives;
using Coffer.Storage.Volumes;

namespace Coffer.Storage.Tests.Archives;

/// <summary>The archive stream format: every kind of damage is detected, and nothing is accepted before the manifest.</summary>
public sealed class ArchiveFormatTests
{
    private const int ChunkSize = 4096;
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(5 * 4096)]
    public async Task WriteThenRead_AnySize_RoundTripsAndVerifies(int size)
    {
        var content = RandomNumberGenerator.GetBytes(size);
        var (archive, manifest) = await WriteAsync(content);

        var (read, verified) = await ReadAsync(archive, Key);

        Assert.Equal(content, read);
        Assert.Equal(manifest, verified);
        Assert.Equal((size + ChunkSize - 1) / ChunkSize, manifest.ChunkCount);
        Assert.Equal(size, manifest.TotalSize);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), manifest.ContentSha256);
    }

    [Fact]
    public async Task Read_AnyFlippedBit_IsDetected()
    {
        var (archive, _) = await WriteAsync(RandomNumberGenerator.GetBytes(3 * ChunkSize + 100));
        var failures = 0;
        for (var offset = 0; offset < archive.Length; offset += 7)
        {
            var damaged = (byte[])archive.Clone();
            damaged[offset] ^= 0x10;
            var error = await Record.ExceptionAsync(() => ReadAsync(damaged, Key));
            Assert.True(error is ArchiveCorruptException, $"a flipped bit at offset {offset} gave {error?.GetType().Name ?? "no error"}");
            failures++;
        }

        Assert.True(failures > 1000);
    }

    [Fact]
    public async Task Read_TruncatedAnywhere_IsDetected()
    {
        var (archive, _) = await WriteAsync(RandomNumberGenerator.GetBytes(2 * ChunkSize));
        foreach (var length in new[] { 0, 8, 13, 100, archive.Length / 2, archive.Length - 17, archive.Length - 1 })
        {
            await Assert.ThrowsAsync<ArchiveCorruptException>(() => ReadAsync(archive[..length], Key));
        }
    }

    [Fact]
    public async Task Read_ManifestDropped_IsDetectedAsTruncation()
    {
        var (archive, _) = await WriteAsync(RandomNumberGenerator.GetBytes(2 * ChunkSize));
        var records = Records(archive);

        var error = await Assert.ThrowsAsync<ArchiveCorruptException>(() => ReadAsync(archive[..records[^1].Offset], Key));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_TwoRecordsSwapped_IsDetected()
    {
        var (archive, _) = await WriteAsync(RandomNumberGenerator.GetBytes(3 * ChunkSize));
        var records = Records(archive);
        var swapped = archive[..records[0].Offset]
            .Concat(Slice(archive, records[1])).Concat(Slice(archive, records[0]))
            .Concat(archive[records[2].Offset..]).ToArray();

        await Assert.ThrowsAsync<ArchiveCorruptException>(() => ReadAsync(swapped, Key));
    }

    [Fact]
    public async Task Read_RecordSplicedFromAnotherArchiveWithTheSameKey_IsDetected()
    {
        var content = RandomNumberGenerator.GetBytes(2 * ChunkSize);
        var (first, _) = await WriteAsync(content);
        var (second, _) = await WriteAsync(content);
        var a = Records(first);
        var b = Records(second);
        var spliced = first[..a[1].Offset].Concat(Slice(second, b[1])).Concat(first[a[2].Offset..]).ToArray();

        await Assert.ThrowsAsync<ArchiveCorruptException>(() => ReadAsync(spliced, Key));
    }

    [Fact]
    public async Task Read_ExtraBytesAfterTheManifest_IsDetected()
    {
        var (archive, _) = await WriteAsync(RandomNumberGenerator.GetBytes(100));

        await Assert.ThrowsAsync<ArchiveCorruptException>(() => ReadAsync([.. archive, 0], Key));
    }

    [Fact]
    public async Task Read_WithAnotherKey_IsDetectedAtTheFirstRecord()
    {
        var (archive, _) = await WriteAsync(RandomNumberGenerator.GetBytes(100));

        var error = await Assert.ThrowsAsync<ArchiveCorruptException>(() => ReadAsync(archive, RandomNumberGenerator.GetBytes(32)));

        Assert.Contains("cannot be decrypted with this key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_NotAnArchive_IsRefused()
    {
        await Assert.ThrowsAsync<ArchiveCorruptException>(() => ArchiveReader.OpenAsync(new MemoryStream("SQLite format 3\0 and more bytes"u8.ToArray()), default));
    }

    [Fact]
    public async Task Write_SameContentTwice_GivesUnrelatedCiphertexts()
    {
        var content = new byte[ChunkSize];
        var (a, _) = await WriteAsync(content);
        var (b, _) = await WriteAsync(content);

        var ra = Records(a);
        var rb = Records(b);
        Assert.False(Slice(a, ra[0]).AsSpan(5, 64).SequenceEqual(Slice(b, rb[0]).AsSpan(5, 64)));
    }

    private static async Task<(byte[] Archive, ArchiveManifest Manifest)> WriteAsync(byte[] content)
    {
        var output = new MemoryStream();
        await using var writer = await ArchiveWriter.CreateAsync(output, new VolumeKeyMaterial(Key, [1, 2], "arn:aws:kms:us-east-1:111122223333:key/k", new Dictionary<string, string>()), "test", "vol-1", TimeProvider.System, default, ChunkSize);
        for (var offset = 0; offset < content.Length; offset += 1000)
        {
            await writer.WriteAsync(content.AsMemory(offset, Math.Min(1000, content.Length - offset)), default);
        }

        var manifest = await writer.CompleteAsync(default);
        return (output.ToArray(), manifest);
    }

    private static async Task<(byte[] Content, ArchiveManifest Manifest)> ReadAsync(byte[] archive, byte[] key)
    {
        using var reader = await ArchiveReader.OpenAsync(new MemoryStream(archive), default);
        reader.Unlock(key);
        var content = new MemoryStream();
        await foreach (var chunk in reader.ReadContentAsync(default))
        {
            content.Write(chunk.Span);
        }

        return (content.ToArray(), reader.Manifest!);
    }

    private static List<(int Offset, int Length)> Records(byte[] archive)
    {
        var offset = 14 + BinaryPrimitives.ReadInt32BigEndian(archive.AsSpan(10));
        var records = new List<(int, int)>();
        while (offset < archive.Length)
        {
            var length = 5 + BinaryPrimitives.ReadInt32BigEndian(archive.AsSpan(offset + 1)) + 16;
            records.Add((offset, length));
            offset += length;
        }

        return records;
    }

    private static byte[] Slice(byte[] archive, (int Offset, int Length) record) => archive.AsSpan(record.Offset, record.Length).ToArray();
}
