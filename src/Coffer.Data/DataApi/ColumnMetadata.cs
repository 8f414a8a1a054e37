namespace Coffer.Data.DataApi;

/// <summary>
/// What the Data API reports about a result column (<c>ColumnMetadata</c>): the JDBC type code and name derived from
/// the column's declared type, and what SQLite knows of its table column (NOT NULL, primary key, collation).
/// </summary>
public sealed record ColumnMetadata
{
    /// <summary>The column's name in the result (its alias when it has one).</summary>
    public required string Name { get; init; }

    /// <summary>The label: the same as <see cref="Name"/>, as the Data API reports it.</summary>
    public required string Label { get; init; }

    /// <summary>The <c>java.sql.Types</c> code.</summary>
    public required int Type { get; init; }

    /// <summary>The declared type (or the value's storage class for an expression).</summary>
    public required string TypeName { get; init; }

    /// <summary>The schema: SQLite's database name (<c>main</c>) for a table column, empty for an expression.</summary>
    public required string SchemaName { get; init; }

    /// <summary>The table the column comes from, empty for an expression.</summary>
    public required string TableName { get; init; }

    /// <summary>Whether SQLite assigns the value on insert (an <c>INTEGER PRIMARY KEY</c>, with or without AUTOINCREMENT).</summary>
    public required bool IsAutoIncrement { get; init; }

    /// <summary>Whether the type is a signed number.</summary>
    public required bool IsSigned { get; init; }

    /// <summary>Whether the type is money: never, in SQLite.</summary>
    public bool IsCurrency { get; init; }

    /// <summary>Whether comparisons are case-sensitive (text under the BINARY collation).</summary>
    public required bool IsCaseSensitive { get; init; }

    /// <summary>0 = NOT NULL, 1 = nullable, 2 = unknown (an expression), as JDBC's <c>columnNullable</c> codes.</summary>
    public required int Nullable { get; init; }

    /// <summary>The declared precision (<c>VARCHAR(20)</c> → 20) or the type's natural one.</summary>
    public required int Precision { get; init; }

    /// <summary>The declared scale (<c>DECIMAL(10,2)</c> → 2), else 0.</summary>
    public required int Scale { get; init; }

    /// <summary>The array element type: 0, SQLite has no arrays.</summary>
    public int ArrayBaseColumnType { get; init; }
}
