using System.Globalization;
using System.Text;
using System.Xml;

namespace Coffer.Protocols.AwsQuery;

/// <summary>
/// Writes AWS Query XML: <c>&lt;OpResponse&gt;&lt;OpResult&gt;…&lt;/OpResult&gt;&lt;ResponseMetadata&gt;</c> envelopes and
/// <c>&lt;ErrorResponse&gt;</c>. Booleans are lower-case, timestamps ISO-8601 UTC with milliseconds, absent values omitted.
/// </summary>
public sealed class QueryXmlWriter : IDisposable
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
    };

    private readonly XmlWriter _xml;

    private QueryXmlWriter(Stream stream) => _xml = XmlWriter.Create(stream, Settings);

    /// <summary>
    /// A success response. <paramref name="writeResult"/> writes the members of <c>&lt;OpResult&gt;</c>; pass
    /// <see langword="null"/> only for operations that have no output shape (then no result element is written).
    /// </summary>
    public static byte[] WriteResponse(string operation, string xmlNamespace, string requestId, Action<QueryXmlWriter>? writeResult)
    {
        using var stream = new MemoryStream();
        using (var writer = new QueryXmlWriter(stream))
        {
            writer._xml.WriteStartElement(operation + "Response", xmlNamespace);
            if (writeResult is not null)
            {
                writer._xml.WriteStartElement(operation + "Result");
                writeResult(writer);
                writer._xml.WriteEndElement();
            }

            writer._xml.WriteStartElement("ResponseMetadata");
            writer._xml.WriteElementString("RequestId", requestId);
            writer._xml.WriteEndElement();
            writer._xml.WriteEndElement();
        }

        return stream.ToArray();
    }

    /// <summary>An <c>&lt;ErrorResponse&gt;</c> with <c>Type</c> Sender (4xx) or Receiver (5xx).</summary>
    public static byte[] WriteError(string xmlNamespace, string code, string message, bool senderFault, string requestId)
    {
        using var stream = new MemoryStream();
        using (var writer = new QueryXmlWriter(stream))
        {
            var xml = writer._xml;
            xml.WriteStartElement("ErrorResponse", xmlNamespace);
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", senderFault ? "Sender" : "Receiver");
            xml.WriteElementString("Code", code);
            xml.WriteElementString("Message", message);
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        }

        return stream.ToArray();
    }

    /// <summary>Writes <c>&lt;name&gt;value&lt;/name&gt;</c>, or nothing when <paramref name="value"/> is null.</summary>
    public void Element(string name, string? value)
    {
        if (value is not null)
        {
            _xml.WriteElementString(name, value);
        }
    }

    /// <summary>Writes a boolean as <c>true</c>/<c>false</c> (botocore reads anything else as false).</summary>
    public void Element(string name, bool? value) => Element(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Writes an integer.</summary>
    public void Element(string name, long? value) => Element(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes a timestamp as ISO-8601 UTC with milliseconds, e.g. <c>2024-05-01T12:00:00.123Z</c>.</summary>
    public void Element(string name, DateTimeOffset? value) =>
        Element(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>Writes a structure: <c>&lt;name&gt;</c>, its members, <c>&lt;/name&gt;</c>.</summary>
    public void Structure(string name, Action<QueryXmlWriter> writeMembers)
    {
        ArgumentNullException.ThrowIfNull(writeMembers);
        _xml.WriteStartElement(name);
        writeMembers(this);
        _xml.WriteEndElement();
    }

    /// <summary>Writes a list as <c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;…&lt;/name&gt;</c>, each element a structure.</summary>
    public void List<T>(string name, string memberName, IEnumerable<T> items, Action<QueryXmlWriter, T> writeItem)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(writeItem);
        _xml.WriteStartElement(name);
        foreach (var item in items)
        {
            _xml.WriteStartElement(memberName);
            writeItem(this, item);
            _xml.WriteEndElement();
        }

        _xml.WriteEndElement();
    }

    /// <summary>Writes a list of strings as <c>&lt;name&gt;&lt;member&gt;value&lt;/member&gt;…&lt;/name&gt;</c>.</summary>
    public void StringList(string name, string memberName, IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _xml.WriteStartElement(name);
        foreach (var item in items)
        {
            _xml.WriteElementString(memberName, item);
        }

        _xml.WriteEndElement();
    }

    /// <inheritdoc />
    public void Dispose() => _xml.Dispose();
}
