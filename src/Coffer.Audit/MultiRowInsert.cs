using System.Data.Common;
using System.Text;
using Coffer.Storage.Metadata;

namespace Coffer.Audit;

/// <summary>
/// A prepared <c>INSERT … VALUES (…), (…), …</c> of a fixed number of rows, reused for every full chunk of a batch:
/// one statement step per chunk instead of one per row. Parameters are set by position, row by row.
/// </summary>
internal sealed class MultiRowInsert : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly int _columns;

    public MultiRowInsert(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        _columns = columns.Count;
        Rows = rows;
        var sql = new StringBuilder(64 + (rows * _columns * 8));
        sql.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
        var parameters = new (string Name, object? Value)[rows * _columns];
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < _columns; column++)
            {
                var name = $"@p{(row * _columns) + column}";
                parameters[(row * _columns) + column] = (name, null);
                sql.Append(column == 0 ? string.Empty : ", ").Append(name);
            }

            sql.Append(')');
        }

        sql.Append(';');
        _command = MetadataCommands.Create(connection, transaction, sql.ToString(), parameters);
    }

    /// <summary>How many rows one execution inserts.</summary>
    public int Rows { get; }

    /// <summary>Sets the value of <paramref name="column"/> in <paramref name="row"/> (both from 0).</summary>
    public void Set(int row, int column, object value) => _command.Parameters[(row * _columns) + column].Value = value;

    /// <summary>Inserts the <see cref="Rows"/> rows as last set.</summary>
    public Task<int> ExecuteAsync(CancellationToken cancellationToken) => _command.ExecuteNonQueryAsync(cancellationToken);

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
