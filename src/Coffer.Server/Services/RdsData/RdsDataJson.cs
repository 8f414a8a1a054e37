using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Coffer.Data.DataApi;

namespace Coffer.Server.Services.RdsData;

/// <summary>Writes the Data API's response shapes: <c>Field</c> unions, <c>ColumnMetadata</c>, and whole bodies.</summary>
internal static class RdsDataJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON object body written by <paramref name="write"/>.</summary>
    public static byte[] Object(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>One <c>Field</c>: exactly one member. A double that JSON cannot carry (NaN, ±Infinity) goes as its string.</summary>
    public static void WriteField(Utf8JsonWriter json, Field field)
    {
        json.WriteStartObject();
        switch (field.Kind)
        {
            case FieldKind.Boolean:
                json.WriteBoolean("booleanValue", field.BooleanValue);
                break;
            case FieldKind.Long:
                json.WriteNumber("longValue", field.LongValue);
                break;
            case FieldKind.Double when double.IsFinite(field.DoubleValue):
                json.WriteNumber("doubleValue", field.DoubleValue);
                break;
            case FieldKind.Double:
                json.WriteString("stringValue", field.DoubleValue.ToString(CultureInfo.InvariantCulture));
                break;
            case FieldKind.String:
                json.WriteString("stringValue", field.StringValue);
                break;
            case FieldKind.Blob:
                json.WriteBase64String("blobValue", field.BlobValue);
                break;
            default:
                json.WriteBoolean("isNull", true);
                break;
        }

        json.WriteEndObject();
    }

    /// <summary>A list of fields under <paramref name="name"/>.</summary>
    public static void WriteFields(Utf8JsonWriter json, string name, IEnumerable<Field> fields)
    {
        json.WriteStartArray(name);
        foreach (var field in fields)
        {
            WriteField(json, field);
        }

        json.WriteEndArray();
    }

    /// <summary>One <c>ColumnMetadata</c>.</summary>
    public static void WriteColumn(Utf8JsonWriter json, ColumnMetadata column)
    {
        json.WriteStartObject();
        json.WriteString("name", column.Name);
        json.WriteNumber("type", column.Type);
        json.WriteString("typeName", column.TypeName);
        json.WriteString("label", column.Label);
        json.WriteString("schemaName", column.SchemaName);
        json.WriteString("tableName", column.TableName);
        json.WriteBoolean("isAutoIncrement", column.IsAutoIncrement);
        json.WriteBoolean("isSigned", column.IsSigned);
        json.WriteBoolean("isCurrency", column.IsCurrency);
        json.WriteBoolean("isCaseSensitive", column.IsCaseSensitive);
        json.WriteNumber("nullable", column.Nullable);
        json.WriteNumber("precision", column.Precision);
        json.WriteNumber("scale", column.Scale);
        json.WriteNumber("arrayBaseColumnType", column.ArrayBaseColumnType);
        json.WriteEndObject();
    }
}
