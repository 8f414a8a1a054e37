using System.Security.Cryptography;
using System.Text;
using Coffer.Keys.Crypto;

namespace Coffer.Keys.Tests.Crypto;

public sealed partial class CiphertextBlobTests
{
    public static TheoryData<string, byte[]> ForeignBlobs => new()
    {
        { "empty", [] },
        { "magic only", [0x4B] },
        { "a valid header one byte short of a tag", [0x4B, 0x01, 0x01, .. new byte[CiphertextBlob.Overhead - 4]] },
        { "format version 2", [0x4B, 0x02, 0x01, .. new byte[100]] },
        { "format version 0", [0x4B, 0x00, 0x01, .. new byte[100]] },
        { "algorithm 0", [0x4B, 0x01, 0x00, .. new byte[100]] },
        { "algorithm 2", [0x4B, 0x01, 0x02, .. new byte[100]] },
        { "algorithm 0x7F", [0x4B, 0x01, 0x7F, .. new byte[100]] },
        { "real AWS prefix", [0x01, 0x02, 0x02, 0x00, 0x78, .. RandomNumberGenerator.GetBytes(180)] },
        // moto and LocalStack: the key id as 36 ASCII characters, then IV, tag and ciphertext.
        { "moto", [.. Encoding.ASCII.GetBytes("1234abcd-12ab-34cd-56ef-1234567890ab"), .. RandomNumberGenerator.GetBytes(12 + 16 + 14)] },
        // local-kms: a one-byte length and the key ARN, a version, a nonce and the ciphertext.
        { "local-kms", [74, .. Encoding.ASCII.GetBytes("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"), 0, 0, 0, 0, .. RandomNumberGenerator.GetBytes(42)] },
        { "base64 text of a blob", Encoding.ASCII.GetBytes("S0EBEjSrzRKrNM1W7xI0VniQq6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrL") },
    };

    [Theory]
    [MemberData(nameof(ForeignBlobs))]
    public void TryParseHeader_NotAV1Blob_ReturnsFalse(string what, byte[] bytes)
    {
        Assert.False(CiphertextBlob.TryParseHeader(bytes, out var header), what);
        Assert.Equal(default, header);
        Assert.False(CiphertextBlob.TryOpen(bytes, Material, Context, out _), what);
    }

    [Fact]
    public void TryParseHeader_RandomBytesWithoutTheMagic_ReturnsFalse()
    {
        for (var i = 0; i < 1000; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 200));
            if (bytes.Length > 0 && bytes[0] == 0x4B)
            {
                bytes[0] = 0x4C;
            }

            Assert.False(CiphertextBlob.TryParseHeader(bytes, out _));
        }
    }

    [Fact]
    public void TryOpen_RandomBytesBehindAValidPrefix_FailsWithoutThrowing()
    {
        for (var i = 0; i < 200; i++)
        {
            byte[] bytes = [0x4B, 0x01, 0x01, .. RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(76, 300))];

            Assert.True(CiphertextBlob.TryParseHeader(bytes, out var header));
            Assert.Equal(bytes.Length - CiphertextBlob.Overhead, header.PlaintextLength);
            Assert.False(CiphertextBlob.TryOpen(bytes, Material, Context, out _));
        }
    }
}
