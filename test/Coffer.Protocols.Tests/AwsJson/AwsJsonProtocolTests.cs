using System.Text;
using System.Text.Json;
using Coffer.Protocols.AwsJson;

namespace Coffer.Protocols.Tests.AwsJson;

public sealed class AwsJsonProtocolTests
{
    [Theory]
    [InlineData("TrentService.Encrypt", "TrentService", "Encrypt")]
    [InlineData("secretsmanager.GetSecretValue", "secretsmanager", "GetSecretValue")]
    [InlineData("DynamoDB_20120810.GetItem", "DynamoDB_20120810", "GetItem")]
    [InlineData("a.b.C", "a.b", "C")] // the operation follows the last dot
    public void TryParseTarget_PrefixDotOperation_Splits(string target, string prefix, string operation)
    {
        Assert.True(AwsJsonProtocol.TryParseTarget(target, out var actualPrefix, out var actualOperation));

        Assert.Equal(prefix, actualPrefix);
        Assert.Equal(operation, actualOperation);
    }

    [Theory]
    [InlineData("NoDot")]
    [InlineData(".X")]
    [InlineData("X.")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseTarget_NoPrefixOrNoOperation_ReturnsFalse(string? target)
    {
        Assert.False(AwsJsonProtocol.TryParseTarget(target, out var prefix, out var operation));

        Assert.Equal(string.Empty, prefix);
        Assert.Equal(string.Empty, operation);
    }

    [Fact]
    public void WriteError_CodeAndMessage_WritesExactBytes()
    {
        var bytes = AwsJsonProtocol.WriteError("NotFoundException", "Key arn:aws:kms:us-east-1:123456789012:key/1234abcd does not exist");

        Assert.Equal(
            """{"__type":"NotFoundException","message":"Key arn:aws:kms:us-east-1:123456789012:key/1234abcd does not exist"}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("Key 'alias/my-key' is <pending> & \"disabled\"")]
    [InlineData("Clé introuvable 🔑")]
    [InlineData("line1\nline2\\")]
    public void WriteError_MessageWithSpecialCharacters_ReadsBackUnchanged(string message)
    {
        var bytes = AwsJsonProtocol.WriteError("KMSInvalidStateException", message);

        using var document = JsonDocument.Parse(bytes);
        Assert.Equal("KMSInvalidStateException", document.RootElement.GetProperty("__type").GetString());
        Assert.Equal(message, document.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void TryParseBody_Empty_IsAnEmptyObject()
    {
        Assert.True(AwsJsonProtocol.TryParseBody(ReadOnlyMemory<byte>.Empty, out var document, out var problem));

        using (document)
        {
            Assert.Null(problem);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            Assert.Empty(document.RootElement.EnumerateObject());
        }
    }

    [Fact]
    public void TryParseBody_Object_Parses()
    {
        Assert.True(AwsJsonProtocol.TryParseBody(Encoding.UTF8.GetBytes("""{"KeyId":"alias/x","Limit":10}"""), out var document, out var problem));

        using (document)
        {
            Assert.Null(problem);
            Assert.Equal("alias/x", document.RootElement.GetProperty("KeyId").GetString());
            Assert.Equal(10, document.RootElement.GetProperty("Limit").GetInt32());
        }
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void TryParseBody_NotAnObject_ReturnsFalse(string body)
    {
        Assert.False(AwsJsonProtocol.TryParseBody(Encoding.UTF8.GetBytes(body), out var document, out var problem));

        document.Dispose();
        Assert.Equal("The request body must be a JSON object.", problem);
    }

    [Fact]
    public void TryParseBody_MalformedJson_ReturnsFalseWithPosition()
    {
        Assert.False(AwsJsonProtocol.TryParseBody(Encoding.UTF8.GetBytes("{bad"), out var document, out var problem));

        document.Dispose();
        Assert.Equal("The request body is not valid JSON (line 1, byte 2).", problem);
    }

    [Fact]
    public void TryParseBody_NestedDeeperThan32_ReturnsFalse()
    {
        var body = new string('[', 33) + new string(']', 33);

        Assert.False(AwsJsonProtocol.TryParseBody(Encoding.UTF8.GetBytes("{\"a\":" + body + "}"), out var document, out var problem));

        document.Dispose();
        Assert.StartsWith("The request body is not valid JSON", problem, StringComparison.Ordinal);
    }
}
