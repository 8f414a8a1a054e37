using Coffer.Keys.Crypto;

namespace Coffer.Keys.Tests.Crypto;

public sealed class SecretBufferTests
{
    [Fact]
    public void Dispose_FilledBuffer_ZeroesTheBytes()
    {
        var buffer = SecretBuffer.CreateRandom(64);
        var bytes = buffer.Span;
        bytes.Fill(0xA5);

        buffer.Dispose();

        Assert.True(bytes.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Span_AfterDispose_ThrowsObjectDisposedException()
    {
        var buffer = SecretBuffer.CopyOf([1, 2, 3]);
        buffer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => buffer.ReadOnlySpan.Length);
    }

    [Fact]
    public void CopyOf_Source_CopiesTheBytes()
    {
        byte[] source = [1, 2, 3];
        using var buffer = SecretBuffer.CopyOf(source);
        source[0] = 9;

        Assert.Equal([1, 2, 3], buffer.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void CreateRandom_TwoBuffers_DifferAndHaveTheLength()
    {
        using var a = SecretBuffer.CreateRandom(32);
        using var b = SecretBuffer.CreateRandom(32);

        Assert.Equal(32, a.Length);
        Assert.False(a.ReadOnlySpan.SequenceEqual(b.ReadOnlySpan));
    }

    [Fact]
    public void ToString_Always_ShowsOnlyTheLength()
    {
        using var buffer = SecretBuffer.CopyOf("secret"u8);

        Assert.Equal("SecretBuffer(6 bytes)", buffer.ToString());
    }
}
