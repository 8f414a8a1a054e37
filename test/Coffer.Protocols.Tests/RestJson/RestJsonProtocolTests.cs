using System.Text;
using System.Text.Json;
using Coffer.Protocols.RestJson;

namespace Coffer.Protocols.Tests.RestJson;

public sealed class RestJsonProtocolTests
{
    [Fact]
    public void WriteError_Message_WritesExactBytes()
    {
        var bytes = RestJsonProtocol.WriteError("Database error code: 1045. Message: Access denied for user admin.");

        Assert.Equal("""{"message":"Database error code: 1045. Message: Access denied for user admin."}""", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void WriteError_EmptyMessage_WritesEmptyString()
    {
        Assert.Equal("""{"message":""}""", Encoding.UTF8.GetString(RestJsonProtocol.WriteError(string.Empty)));
    }

    [Theory]
    [InlineData("relation \"users\" does not exist")]
    [InlineData("syntax error at or near '<' & more")]
    [InlineData("données 😀")]
    public void WriteError_MessageWithSpecialCharacters_ReadsBackUnchanged(string message)
    {
        using var document = JsonDocument.Parse(RestJsonProtocol.WriteError(message));

        Assert.Equal(message, document.RootElement.GetProperty("message").GetString());
        Assert.Single(document.RootElement.EnumerateObject());
    }
}
