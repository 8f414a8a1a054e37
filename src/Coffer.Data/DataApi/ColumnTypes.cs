using System.Globalization;

namespace Coffer.Data.DataApi;

/// <summary>
/// From a column's declared type to what the Data API reports and returns: the JDBC type code and name, the natural
/// precision, and how its values come back (booleans for BOOLEAN columns, strings for DECIMAL unless asked otherwise).
/// SQLite's affinity rules (datatype3.html §3.1) decide the family; the declared name is kept as the type name.
/// </summary>
internal static class ColumnTypes
{
#pragma warning disable SA1310 // JDBC's constant names.
    public const int Bit = -7;
    public const int TinyInt = -6;
    public const int BigInt = -5;
    public const int Numeric = 2;
    public const int Decimal = 3;
    public const int Integer = 4;
    public const int SmallInt = 5;
    public const int Double = 8;
    public const int Varchar = 12;
    public const int Boolean = 16;
    public const int Date = 91;
    public const int Time = 92;
    public const int Timestamp = 93;
    public const int Other = 1111;
    public const int Blob = 2004;
    public const int Clob = 2005;
    public const int Null = 0;
#pragma warning restore SA1310

    /// <summary>The JDBC type of a declared type (upper-cased, without its size).</summary>
    public static int FromDeclared(string declared)
    {
        var name = BaseName(declared);
        return name switch
        {
            "BOOLEAN" or "BOOL" => Boolean,
            "BIT" => Bit,
            "TINYINT" => TinyInt,
            "SMALLINT" or "INT2" => SmallInt,
            "BIGINT" or "INT8" or "UNSIGNED BIG INT" => BigInt,
            "DECIMAL" => Decimal,
            "NUMERIC" => Numeric,
            "DATE" => Date,
            "TIME" => Time,
            "DATETIME" or "TIMESTAMP" => Timestamp,
            "CLOB" => Clob,
            "UUID" or "JSON" => Other,
            _ when name.Contains("INT", StringComparison.Ordinal) => Integer,
            _ when name.Contains("CHAR", StringComparison.Ordinal) || name.Contains("CLOB", StringComparison.Ordinal) || name.Contains("TEXT", StringComparison.Ordinal) => Varchar,
            _ when name.Length == 0 || name.Contains("BLOB", StringComparison.Ordinal) => Blob,
            _ when name.Contains("REAL", StringComparison.Ordinal) || name.Contains("FLOA", StringComparison.Ordinal) || name.Contains("DOUB", StringComparison.Ordinal) => Double,
            _ => Numeric,
        };
    }

    /// <summary>The JDBC type and name of an expression column, from the storage class of its first non-null value.</summary>
    public static (int Type, string Name) FromStorageClass(int storageClass) => storageClass switch
    {
        1 => (BigInt, "INTEGER"),
        2 => (Double, "REAL"),
        3 => (Varchar, "TEXT"),
        4 => (Blob, "BLOB"),
        _ => (Null, "NULL"),
    };

    /// <summary>Whether values of the type are signed numbers.</summary>
    public static bool IsSigned(int type) => type is TinyInt or SmallInt or Integer or BigInt or Double or Decimal or Numeric;

    /// <summary>Whether the type holds text.</summary>
    public static bool IsText(int type) => type is Varchar or Clob or Other or Date or Time or Timestamp;

    /// <summary>Whether the type is a decimal number (returned as a string unless <c>decimalReturnType</c> says otherwise).</summary>
    public static bool IsDecimal(int type) => type is Decimal or Numeric;

    /// <summary>The declared precision and scale (<c>DECIMAL(10,2)</c>), or the type's natural precision and 0.</summary>
    public static (int Precision, int Scale) PrecisionOf(string declared, int type)
    {
        var open = declared.IndexOf('(', StringComparison.Ordinal);
        var close = declared.LastIndexOf(')');
        if (open > 0 && close > open)
        {
            var parts = declared[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries);
            if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var precision))
            {
                var scale = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                return (precision, scale);
            }
        }

        return (type switch
        {
            Boolean or Bit => 1,
            TinyInt => 3,
            SmallInt => 5,
            Integer => 10,
            BigInt => 19,
            Double => 17,
            Date => 10,
            Time => 8,
            Timestamp => 29,
            Null => 0,
            _ => int.MaxValue,
        }, 0);
    }

    private static string BaseName(string declared)
    {
        var open = declared.IndexOf('(', StringComparison.Ordinal);
        return (open < 0 ? declared : declared[..open]).Trim().ToUpperInvariant();
    }
}
