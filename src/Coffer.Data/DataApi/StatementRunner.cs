using System.Globalization;
using System.Text;
using System.Text.Json;
using SQLitePCL;

namespace Coffer.Data.DataApi;

/// <summary>
/// Prepares and runs one Data API statement on a connection through SQLite's own API: one statement per call (as the
/// Data API), named parameters bound never spliced, rows shaped as <see cref="Field"/>s with honest column metadata,
/// and the response size limit counted while the rows are read rather than after they are all in memory.
/// </summary>
internal static class StatementRunner
{
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private const int SqliteInterrupt = 9;
    private const int SqliteAuth = 23;
    private const int SqliteInteger = 1;
    private const int SqliteFloat = 2;
    private const int SqliteText = 3;
    private const int SqliteBlob = 4;

    /// <summary>
    /// Prepares <paramref name="sql"/>: exactly one statement, judged by <paramref name="sandbox"/>. The caller
    /// disposes the statement.
    /// </summary>
    public static sqlite3_stmt Prepare(sqlite3 db, string sql, SqlSandbox sandbox)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement, out var tail);
        if (rc != 0)
        {
            statement.Dispose();
            throw Failure(db, rc, sandbox, null);
        }

        if (statement.IsInvalid)
        {
            statement.Dispose();
            throw DataApiErrors.BadRequest("The SQL statement is empty.");
        }

        if (!string.IsNullOrWhiteSpace(tail))
        {
            var tailRc = raw.sqlite3_prepare_v2(db, tail, out var next, out _);
            var more = tailRc != 0 || !next.IsInvalid;
            next.Dispose();
            if (more)
            {
                statement.Dispose();
                sandbox.TakeRefusal();
                throw DataApiErrors.BadRequest("Multistatements aren't supported: send one SQL statement per ExecuteStatement call.");
            }
        }

        return statement;
    }

    /// <summary>Whether the prepared statement only reads (a reader may run it, and it needs no writer).</summary>
    public static bool IsReadOnly(sqlite3_stmt statement) => raw.sqlite3_stmt_readonly(statement) != 0;

    /// <summary>Runs a prepared statement with its parameters and shapes the result.</summary>
    public static StatementResult Run(sqlite3 db, sqlite3_stmt statement, IReadOnlyList<SqlParameter> parameters, ResultFormat format, SqlSandbox sandbox, StatementGuard guard, int responseLimit)
    {
        ParameterBinder.Bind(statement, parameters);
        var columnCount = raw.sqlite3_column_count(statement);
        var columns = Columns(statement, columnCount);
        var totalBefore = raw.sqlite3_total_changes(db);
        var rowidBefore = raw.sqlite3_last_insert_rowid(db);
        var rows = new List<Field[]>();
        var size = 64;
        var limit = format.AsJson ? responseLimit * 10 : responseLimit;
        int rc;
        while ((rc = raw.sqlite3_step(statement)) == SqliteRow)
        {
            var row = new Field[columnCount];
            for (var i = 0; i < columnCount; i++)
            {
                row[i] = Read(statement, i, columns[i], format);
                size += row[i].WireSize;
            }

            if (size > limit)
            {
                throw DataApiErrors.ResponseTooLarge(limit);
            }

            rows.Add(row);
        }

        if (rc != SqliteDone)
        {
            throw rc == SqliteInterrupt ? guard.Interrupted() : Failure(db, rc, sandbox, null);
        }

        var changed = raw.sqlite3_total_changes(db) != totalBefore;
        var rowid = raw.sqlite3_last_insert_rowid(db);
        var metadata = format.IncludeMetadata ? Metadata(db, statement, columns, rows) : null;
        return new StatementResult
        {
            Records = format.AsJson || columnCount == 0 ? null : rows,
            ColumnMetadata = metadata,
            NumberOfRecordsUpdated = changed ? raw.sqlite3_changes(db) : 0,
            GeneratedFields = changed && rowid != rowidBefore ? [Field.FromLong(rowid)] : [],
            FormattedRecords = format.AsJson ? Json(columns, rows) : null,
        };
    }

    /// <summary>Runs a prepared statement once per parameter set, each a fresh execution; returns each one's generated fields.</summary>
    public static List<IReadOnlyList<Field>> RunBatch(sqlite3 db, sqlite3_stmt statement, IReadOnlyList<IReadOnlyList<SqlParameter>> parameterSets, SqlSandbox sandbox, StatementGuard guard)
    {
        var results = new List<IReadOnlyList<Field>>(Math.Max(1, parameterSets.Count));
        IReadOnlyList<IReadOnlyList<SqlParameter>> sets = parameterSets.Count == 0 ? [[]] : parameterSets;
        foreach (var set in sets)
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
            var rowidBefore = raw.sqlite3_last_insert_rowid(db);
            var totalBefore = raw.sqlite3_total_changes(db);
            ParameterBinder.Bind(statement, set);
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == SqliteRow)
            {
                // A batch returns no rows (RETURNING rows are dropped, as BatchExecuteStatement's updateResults carry none).
            }

            if (rc != SqliteDone)
            {
                throw rc == SqliteInterrupt ? guard.Interrupted() : Failure(db, rc, sandbox, null);
            }

            var rowid = raw.sqlite3_last_insert_rowid(db);
            results.Add(raw.sqlite3_total_changes(db) != totalBefore && rowid != rowidBefore ? [Field.FromLong(rowid)] : []);
        }

        return results;
    }

    /// <summary>The error for a failed prepare or step: the sandbox's refusal, or SQLite's own message.</summary>
    public static Exception Failure(sqlite3 db, int rc, SqlSandbox sandbox, string? context)
    {
        var refusal = sandbox.TakeRefusal();
        if (refusal is not null || rc == SqliteAuth)
        {
            return DataApiErrors.BadRequest(refusal ?? "The statement is not allowed through the Data API.");
        }

        var message = raw.sqlite3_errmsg(db).utf8_to_string() ?? $"SQLite error {rc}";
        return DataApiErrors.DatabaseError(context is null ? message : $"{context}: {message}");
    }

    private static Column[] Columns(sqlite3_stmt statement, int count)
    {
        var columns = new Column[count];
        for (var i = 0; i < count; i++)
        {
            var declared = raw.sqlite3_column_decltype(statement, i).utf8_to_string();
            var type = declared is null ? ColumnTypes.Null : ColumnTypes.FromDeclared(declared);
            columns[i] = new Column(raw.sqlite3_column_name(statement, i).utf8_to_string() ?? string.Empty, declared, type);
        }

        return columns;
    }

    private static Field Read(sqlite3_stmt statement, int index, Column column, ResultFormat format)
    {
        switch (raw.sqlite3_column_type(statement, index))
        {
            case SqliteInteger:
                var integer = raw.sqlite3_column_int64(statement, index);
                if (column.Type is ColumnTypes.Boolean or ColumnTypes.Bit)
                {
                    return Field.FromBoolean(integer != 0);
                }

                return (ColumnTypes.IsDecimal(column.Type) && !format.DecimalAsNumber) || format.LongAsString
                    ? Field.FromString(integer.ToString(CultureInfo.InvariantCulture))
                    : Field.FromLong(integer);
            case SqliteFloat:
                var real = raw.sqlite3_column_double(statement, index);
                return ColumnTypes.IsDecimal(column.Type) && !format.DecimalAsNumber
                    ? Field.FromString(real.ToString("R", CultureInfo.InvariantCulture))
                    : Field.FromDouble(real);
            case SqliteText:
                return Field.FromString(raw.sqlite3_column_text(statement, index).utf8_to_string() ?? string.Empty);
            case SqliteBlob:
                return Field.FromBlob(raw.sqlite3_column_blob(statement, index).ToArray());
            default:
                return Field.Null;
        }
    }

    private static List<ColumnMetadata> Metadata(sqlite3 db, sqlite3_stmt statement, Column[] columns, List<Field[]> rows)
    {
        var metadata = new List<ColumnMetadata>(columns.Length);
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var table = raw.sqlite3_column_table_name(statement, i).utf8_to_string();
            var origin = raw.sqlite3_column_origin_name(statement, i).utf8_to_string();
            var database = raw.sqlite3_column_database_name(statement, i).utf8_to_string();
            var (type, typeName) = column.Declared is null ? FromValues(rows, i) : (column.Type, column.Declared);
            var (precision, scale) = ColumnTypes.PrecisionOf(column.Declared ?? string.Empty, type);
            var nullable = 2;
            var autoIncrement = false;
            var caseSensitive = ColumnTypes.IsText(type);
            if (table is not null && origin is not null)
            {
                if (raw.sqlite3_table_column_metadata(db, database, table, origin, out var declaredType, out var collation, out var notNull, out var primaryKey, out var autoIncrementFlag) == 0)
                {
                    autoIncrement = autoIncrementFlag != 0 || (primaryKey != 0 && string.Equals(declaredType, "INTEGER", StringComparison.OrdinalIgnoreCase) && IsRowidAlias(db, database, table, origin));
                    nullable = notNull != 0 || autoIncrement ? 0 : 1;
                    caseSensitive = ColumnTypes.IsText(type) && string.Equals(collation, "BINARY", StringComparison.OrdinalIgnoreCase);
                }
            }

            metadata.Add(new ColumnMetadata
            {
                Name = column.Name,
                Label = column.Name,
                Type = type,
                TypeName = typeName,
                SchemaName = database ?? string.Empty,
                TableName = table ?? string.Empty,
                IsAutoIncrement = autoIncrement,
                IsSigned = ColumnTypes.IsSigned(type),
                IsCaseSensitive = caseSensitive,
                Nullable = nullable,
                Precision = precision,
                Scale = scale,
            });
        }

        return metadata;
    }

    /// <summary>Whether an INTEGER PRIMARY KEY column is the table's rowid (the only key, in a rowid table): SQLite assigns it on insert.</summary>
    private static bool IsRowidAlias(sqlite3 db, string? database, string table, string column)
    {
        var rc = raw.sqlite3_table_column_metadata(db, database, table, "rowid", out _, out _, out _, out var rowidIsKey, out _);
        return rc == 0 && rowidIsKey != 0 && column.Length > 0;
    }

    /// <summary>The type of an expression column, from the storage class of its first non-null value.</summary>
    private static (int Type, string Name) FromValues(List<Field[]> rows, int index)
    {
        foreach (var row in rows)
        {
            var kind = row[index].Kind;
            if (kind != FieldKind.Null)
            {
                return ColumnTypes.FromStorageClass(kind switch
                {
                    FieldKind.Long or FieldKind.Boolean => SqliteInteger,
                    FieldKind.Double => SqliteFloat,
                    FieldKind.String => SqliteText,
                    _ => SqliteBlob,
                });
            }
        }

        return ColumnTypes.FromStorageClass(0);
    }

    /// <summary>The rows as the JSON string of <c>formattedRecords</c>: an array with one object per row, keyed by column label.</summary>
    private static string Json(Column[] columns, List<Field[]> rows)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < columns.Length; i++)
                {
                    json.WritePropertyName(columns[i].Name);
                    WriteJsonValue(json, row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteJsonValue(Utf8JsonWriter json, Field field)
    {
        switch (field.Kind)
        {
            case FieldKind.Boolean:
                json.WriteBooleanValue(field.BooleanValue);
                break;
            case FieldKind.Long:
                json.WriteNumberValue(field.LongValue);
                break;
            case FieldKind.Double when double.IsFinite(field.DoubleValue):
                json.WriteNumberValue(field.DoubleValue);
                break;
            case FieldKind.Double:
                json.WriteStringValue(field.DoubleValue.ToString("R", CultureInfo.InvariantCulture));
                break;
            case FieldKind.String:
                json.WriteStringValue(field.StringValue);
                break;
            case FieldKind.Blob:
                json.WriteBase64StringValue(field.BlobValue);
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }

    /// <summary>A result column: its name, declared type and the JDBC type that decides how its values come back.</summary>
    private readonly record struct Column(string Name, string? Declared, int Type);
}
