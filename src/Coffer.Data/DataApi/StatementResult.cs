namespace Coffer.Data.DataApi;

/// <summary>What ExecuteStatement returns.</summary>
public sealed record StatementResult
{
    /// <summary>The rows, unless <see cref="FormattedRecords"/> carries them (JSON format) or the statement returned none.</summary>
    public IReadOnlyList<Field[]>? Records { get; init; }

    /// <summary>The columns' metadata, when asked for.</summary>
    public IReadOnlyList<ColumnMetadata>? ColumnMetadata { get; init; }

    /// <summary>The number of rows the statement inserted, updated or deleted.</summary>
    public long NumberOfRecordsUpdated { get; init; }

    /// <summary>The values SQLite generated (the new rowid of an INSERT).</summary>
    public IReadOnlyList<Field> GeneratedFields { get; init; } = [];

    /// <summary>The rows as a JSON array of objects, for <c>formatRecordsAs: JSON</c>.</summary>
    public string? FormattedRecords { get; init; }
}
