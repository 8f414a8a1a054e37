using Coffer.Server.Hosting;

namespace Coffer.Server.Tests.Hosting;

public sealed class ListenAddressGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4600")]
    [InlineData("http://localhost:1")]
    [InlineData("http://LOCALHOST:80")]
    [InlineData("http://[::1]:5")]
    [InlineData("http://127.0.0.2:4600")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("https://0.0.0.0:443")]
    [InlineData("https://*:443")]
    [InlineData("http://127.0.0.1:4600;https://0.0.0.0:4601")]
    public void Check_LoopbackHttpOrAnyHttps_IsAllowed(string urls)
    {
        Assert.Null(ListenAddressGuard.Check(urls));
    }

    [Theory]
    [InlineData("http://0.0.0.0:4600")]
    [InlineData("http://*:4600")]
    [InlineData("http://+:80")]
    [InlineData("http://10.0.0.1:80")]
    [InlineData("http://[::]:4600")]
    [InlineData("http://example.com:80")]
    public void Check_NonLoopbackHttp_IsRefusedInOneLineAskingForTls(string url)
    {
        var refusal = ListenAddressGuard.Check(url);

        Assert.Equal($"Refusing to serve plain HTTP on non-loopback address '{url}': use https:// with a certificate (Kestrel:Certificates:Default) or bind 127.0.0.1.", refusal);
    }

    [Fact]
    public void Check_ListWithOneNonLoopbackHttpAddress_NamesThatAddress()
    {
        var refusal = ListenAddressGuard.Check("http://127.0.0.1:4600; http://0.0.0.0:4601");

        Assert.NotNull(refusal);
        Assert.Contains("'http://0.0.0.0:4601'", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:4600")]
    [InlineData("ftp://127.0.0.1:21")]
    public void Check_NotAnHttpUrl_IsRefusedInOneLine(string url)
    {
        var refusal = ListenAddressGuard.Check(url);

        Assert.NotNull(refusal);
        Assert.StartsWith($"Cannot listen on '{url}'", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal);
    }
}
