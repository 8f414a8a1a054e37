using System.Globalization;

namespace Coffer.Data.DataApi;

/// <summary>One value of the Data API's <c>Field</c> union: a parameter's value or a result cell.</summary>
public readonly record struct Field
{
    private Field(FieldKind kind, long number = 0, double real = 0, string? text = null, byte[]? blob = null)
    {
        Kind = kind;
        LongValue = number;
        DoubleValue = real;
        StringValue = text;
        BlobValue = blob;
    }

    /// <summary>SQL NULL.</summary>
    public static Field Null { get; } = new(FieldKind.Null);

    /// <summary>An array value: only ever a parameter, which the statement runner refuses.</summary>
    public static Field Array { get; } = new(FieldKind.Array);

    /// <summary>The member that holds the value.</summary>
    public FieldKind Kind { get; }

    /// <summary>The value of a <see cref="FieldKind.Long"/> field, or 1/0 for a <see cref="FieldKind.Boolean"/>.</summary>
    public long LongValue { get; }

    /// <summary>The value of a <see cref="FieldKind.Double"/> field.</summary>
    public double DoubleValue { get; }

    /// <summary>The value of a <see cref="FieldKind.String"/> field.</summary>
    public string? StringValue { get; }

    /// <summary>The value of a <see cref="FieldKind.Blob"/> field.</summary>
    public byte[]? BlobValue { get; }

    /// <summary>The value of a <see cref="FieldKind.Boolean"/> field.</summary>
    public bool BooleanValue => LongValue != 0;

    /// <summary>A <c>booleanValue</c>.</summary>
    public static Field FromBoolean(bool value) => new(FieldKind.Boolean, value ? 1 : 0);

    /// <summary>A <c>longValue</c>.</summary>
    public static Field FromLong(long value) => new(FieldKind.Long, value);

    /// <summary>A <c>doubleValue</c>.</summary>
    public static Field FromDouble(double value) => new(FieldKind.Double, real: value);

    /// <summary>A <c>stringValue</c>.</summary>
    public static Field FromString(string value) => new(FieldKind.String, text: value);

    /// <summary>A <c>blobValue</c>.</summary>
    public static Field FromBlob(byte[] value) => new(FieldKind.Blob, blob: value);

    /// <summary>The size this field adds to a JSON response, within a few bytes: what the response size limit counts.</summary>
    public int WireSize => Kind switch
    {
        FieldKind.Null => 15,
        FieldKind.Boolean => 22,
        FieldKind.Long => 15 + 20,
        FieldKind.Double => 17 + 24,
        FieldKind.String => 17 + (StringValue!.Length * 3 / 2),
        FieldKind.Blob => 15 + ((BlobValue!.Length + 2) / 3 * 4),
        _ => 16,
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FieldKind.Null => "NULL",
        FieldKind.Boolean => BooleanValue ? "true" : "false",
        FieldKind.Long => LongValue.ToString(CultureInfo.InvariantCulture),
        FieldKind.Double => DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        FieldKind.String => $"string({StringValue!.Length})",
        FieldKind.Blob => $"blob({BlobValue!.Length})",
        _ => "array",
    };
}
