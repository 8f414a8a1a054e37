namespace Coffer.Data.DataApi;

/// <summary>How ExecuteStatement shapes its result: <c>formatRecordsAs</c> and <c>resultSetOptions</c>.</summary>
public sealed record ResultFormat
{
    /// <summary>The default: records as Field arrays, decimals as strings, longs as numbers.</summary>
    public static ResultFormat Default { get; } = new();

    /// <summary><c>formatRecordsAs: JSON</c>: the rows come back as one JSON string in <c>formattedRecords</c>.</summary>
    public bool AsJson { get; init; }

    /// <summary><c>includeResultMetadata</c>.</summary>
    public bool IncludeMetadata { get; init; }

    /// <summary><c>decimalReturnType: DOUBLE_OR_LONG</c> (the default, STRING, returns DECIMAL and NUMERIC columns as strings).</summary>
    public bool DecimalAsNumber { get; init; }

    /// <summary><c>longReturnType: STRING</c> (the default, LONG, returns integers as <c>longValue</c>).</summary>
    public bool LongAsString { get; init; }
}
