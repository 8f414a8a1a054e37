using Coffer.Storage.Vfs;

namespace Coffer.Storage.Tests.Vfs;

/// <summary>Page 1's header must declare Coffer's layout before the VFS writes it: 4096-byte pages, 32 reserved bytes.</summary>
public sealed class DatabaseFileStateTests
{
    [Fact]
    public void HasCofferLayout_PageSize4096Reserve32_True()
    {
        Assert.True(DatabaseFileState.HasCofferLayout(Page1(0x10, 0x00, 32)));
    }

    [Theory]
    [InlineData(0x20, 0x00, 32)] // 8192-byte pages
    [InlineData(0x04, 0x00, 32)] // 1024-byte pages
    [InlineData(0x00, 0x01, 32)] // the encoding of 65536-byte pages
    [InlineData(0x00, 0x10, 32)] // 4096 little-endian
    [InlineData(0x10, 0x00, 0)] // no reserve: nowhere for nonce and tag
    [InlineData(0x10, 0x00, 28)] // the prototype's 28 bytes: no room for the counter
    [InlineData(0x10, 0x00, 31)]
    [InlineData(0x10, 0x00, 33)]
    [InlineData(0x10, 0x00, 255)]
    public void HasCofferLayout_OtherPageSizeOrReserve_False(byte pageSizeHigh, byte pageSizeLow, byte reserve)
    {
        Assert.False(DatabaseFileState.HasCofferLayout(Page1(pageSizeHigh, pageSizeLow, reserve)));
    }

    [Fact]
    public void HasCofferLayout_AllZeroPage_False()
    {
        Assert.False(DatabaseFileState.HasCofferLayout(new byte[PageCipher.PageSize]));
    }

    [Fact]
    public void HasCofferLayout_ReadsOnlyBytes16To17And20()
    {
        var page = Page1(0x10, 0x00, 32);
        page.AsSpan(0, 16).Fill(0xff);
        page[18] = 0x07;
        page[19] = 0x07;
        page.AsSpan(21).Fill(0xff);

        Assert.True(DatabaseFileState.HasCofferLayout(page));
    }

    private static byte[] Page1(byte pageSizeHigh, byte pageSizeLow, byte reserve)
    {
        var page = new byte[PageCipher.PageSize];
        "SQLite format 3\0"u8.CopyTo(page);
        page[16] = pageSizeHigh;
        page[17] = pageSizeLow;
        page[18] = 2;
        page[19] = 2;
        page[20] = reserve;
        return page;
    }
}
