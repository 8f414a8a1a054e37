using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Keys.Policies;

/// <summary>
/// Writes JSON the way KMS's GetKeyPolicy returns policies KMS wrote itself: Jackson's default pretty printer.
/// Objects put one member a line, indented two spaces a level, with <c>" : "</c> between name and value; arrays stay
/// on one line as <c>[ a, b ]</c>, so a statement list opens with <c>[ {</c> and closes with <c>} ]</c>.
/// </summary>
internal static class PolicyJsonPrinter
{
    public static string Print(JsonNode node)
    {
        var builder = new StringBuilder();
        Write(builder, node, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node, int nesting)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 0:
                builder.Append("{ }");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    builder.Append(first ? "\n" : ",\n");
                    first = false;
                    builder.Append(' ', (nesting + 1) * 2);
                    WriteString(builder, name);
                    builder.Append(" : ");
                    Write(builder, value, nesting + 1);
                }

                builder.Append('\n').Append(' ', nesting * 2).Append('}');
                break;
            case JsonArray array when array.Count == 0:
                builder.Append("[ ]");
                break;
            case JsonArray array:
                builder.Append("[ ");
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Write(builder, array[i], nesting);
                }

                builder.Append(" ]");
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                WriteString(builder, value.GetValue<string>());
                break;
            case null:
                builder.Append("null");
                break;
            default:
                builder.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>Jackson escapes only the quote, the backslash and control characters.</summary>
    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }
}
