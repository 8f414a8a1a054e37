using Coffer.Storage.Archives;
using Coffer.TestKit;

namespace Coffer.Storage.Tests.Archives;

public sealed class DirectoryArchiveStoreTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Create_CommittedObject_CanBeReadListedAndDeleted()
    {
        var store = new DirectoryArchiveStore(_directory.Path);
        await using (var upload = await store.CreateAsync("clusters/c1/snap-1.arc", default))
        {
            await upload.Stream.WriteAsync("hello"u8.ToArray());
            await upload.CommitAsync(default);
        }

        await using (var read = await store.OpenReadAsync("clusters/c1/snap-1.arc", default))
        {
            Assert.Equal("hello"u8.ToArray(), await ReadAllAsync(read));
        }

        var listed = await ToListAsync(store.ListAsync("clusters/", default));
        Assert.Equal("clusters/c1/snap-1.arc", Assert.Single(listed).Name);
        Assert.Equal(5, listed[0].Size);
        Assert.True(await store.DeleteAsync("clusters/c1/snap-1.arc", default));
        Assert.False(await store.DeleteAsync("clusters/c1/snap-1.arc", default));
        await Assert.ThrowsAsync<ArchiveNotFoundException>(() => store.OpenReadAsync("clusters/c1/snap-1.arc", default));
    }

    [Fact]
    public async Task Create_NotCommitted_LeavesNothingVisibleOrOnDisk()
    {
        var store = new DirectoryArchiveStore(_directory.Path);
        await using (var upload = await store.CreateAsync("a.arc", default))
        {
            await upload.Stream.WriteAsync(new byte[1000]);
            Assert.Empty(await ToListAsync(store.ListAsync(string.Empty, default)));
        }

        Assert.Empty(await ToListAsync(store.ListAsync(string.Empty, default)));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Create_ExistingName_IsRefused()
    {
        var store = new DirectoryArchiveStore(_directory.Path);
        await using (var upload = await store.CreateAsync("x", default))
        {
            await upload.CommitAsync(default);
        }

        await Assert.ThrowsAsync<IOException>(() => store.CreateAsync("x", default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData(".hidden")]
    [InlineData("sp ace")]
    public async Task Create_InvalidName_IsRefused(string name)
    {
        var store = new DirectoryArchiveStore(_directory.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(name, default));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task<List<ArchiveEntry>> ToListAsync(IAsyncEnumerable<ArchiveEntry> entries)
    {
        var list = new List<ArchiveEntry>();
        await foreach (var entry in entries)
        {
            list.Add(entry);
        }

        return list;
    }
}
