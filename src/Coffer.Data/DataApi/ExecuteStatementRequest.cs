namespace Coffer.Data.DataApi;

/// <summary>ExecuteStatement's input (and, with <see cref="ParameterSets"/>, BatchExecuteStatement's).</summary>
public sealed record ExecuteStatementRequest
{
    /// <summary>The DB cluster's ARN.</summary>
    public required string ResourceArn { get; init; }

    /// <summary>The ARN (or name) of the secret holding the master credentials.</summary>
    public required string SecretArn { get; init; }

    /// <summary>One SQL statement.</summary>
    public required string Sql { get; init; }

    /// <summary>The database: SQLite has one, <c>main</c> (or the cluster's DatabaseName).</summary>
    public string? Database { get; init; }

    /// <summary>The schema: not supported, as for Aurora MySQL.</summary>
    public string? Schema { get; init; }

    /// <summary>The named parameters.</summary>
    public IReadOnlyList<SqlParameter> Parameters { get; init; } = [];

    /// <summary>BatchExecuteStatement's parameter sets: the statement runs once for each.</summary>
    public IReadOnlyList<IReadOnlyList<SqlParameter>> ParameterSets { get; init; } = [];

    /// <summary>The transaction to run in, or <see langword="null"/> for autocommit.</summary>
    public string? TransactionId { get; init; }

    /// <summary>Whether the statement keeps running after the call timed out.</summary>
    public bool ContinueAfterTimeout { get; init; }

    /// <summary>How the result is shaped.</summary>
    public ResultFormat Format { get; init; } = ResultFormat.Default;
}
