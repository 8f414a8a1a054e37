using System.Collections.Frozen;
using SQLitePCL;

namespace Coffer.Data.DataApi;

/// <summary>
/// SQLite's authorizer, installed on a connection for as long as a Data API statement is prepared on it, so that SQL
/// cannot leave its cluster's volume or change how the volume is kept: ATTACH and DETACH (another file), PRAGMAs that
/// set anything but the schema's own counters (journal mode, temp store, the key, connection settings that would
/// outlive the call on a pooled connection), <c>load_extension</c>, and transaction control outside the Data API's
/// own BeginTransaction/CommitTransaction/RollbackTransaction. The encrypting VFS refuses the same files and PRAGMAs
/// underneath; this layer gives the clear message.
/// </summary>
internal sealed class SqlSandbox
{
    private const int Ok = 0;
    private const int Deny = 1;
    private const int PragmaAction = 19;
    private const int TransactionAction = 22;
    private const int AttachAction = 24;
    private const int DetachAction = 25;
    private const int FunctionAction = 31;
    private const int SavepointAction = 32;

    /// <summary>PRAGMAs that only read, allowed as queries (<c>PRAGMA x</c>, <c>PRAGMA x(arg)</c>); any PRAGMA that sets a value is refused except these counters.</summary>
    private static readonly FrozenSet<string> ReadablePragmas = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list", "foreign_key_check",
        "integrity_check", "quick_check", "user_version", "application_id", "schema_version", "data_version", "page_count", "page_size",
        "freelist_count", "encoding", "collation_list", "function_list", "module_list", "pragma_list", "compile_options", "foreign_keys",
        "journal_mode", "auto_vacuum", "cache_size", "busy_timeout", "synchronous", "temp_store", "max_page_count", "recursive_triggers");

    /// <summary>Read-only PRAGMAs whose argument names a table or index (<c>PRAGMA table_info(t)</c>): the argument sets nothing.</summary>
    private static readonly FrozenSet<string> PragmasWithArgument = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list", "foreign_key_check",
        "integrity_check", "quick_check");

    private static readonly FrozenSet<string> WritablePragmas = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "user_version", "application_id");

    private static readonly delegate_authorizer Authorizer = Authorize;

    private string? _refusal;

    private SqlSandbox(bool inTransaction) => InTransaction = inTransaction;

    /// <summary>Whether the statement runs inside a Data API transaction (SAVEPOINTs are allowed there).</summary>
    public bool InTransaction { get; }

    /// <summary>While set, Coffer's own statements (a batch's BEGIN and COMMIT) pass: the sandbox judges only user SQL.</summary>
    public bool Internal { get; set; }

    /// <summary>Why the last statement was refused, for the error message.</summary>
    public string? TakeRefusal()
    {
        var refusal = _refusal;
        _refusal = null;
        return refusal;
    }

    /// <summary>Installs the sandbox on <paramref name="db"/>; <see cref="Remove"/> before the connection goes back to its pool.</summary>
    public static SqlSandbox Install(sqlite3 db, bool inTransaction)
    {
        var sandbox = new SqlSandbox(inTransaction);
        raw.sqlite3_set_authorizer(db, Authorizer, sandbox);
        return sandbox;
    }

    /// <summary>Removes the authorizer, so that Coffer's own work on the pooled connection (snapshots, transactions) is not judged as user SQL.</summary>
    public static void Remove(sqlite3 db) => raw.sqlite3_set_authorizer(db, (delegate_authorizer?)null, null);

    private static int Authorize(object userData, int action, utf8z first, utf8z second, utf8z database, utf8z trigger)
    {
        var sandbox = (SqlSandbox)userData;
        if (sandbox.Internal)
        {
            return Ok;
        }

        var refusal = action switch
        {
            AttachAction or DetachAction => "ATTACH and DETACH are not allowed: a statement reads and writes only its own DB cluster's database.",
            TransactionAction => "Transaction control statements are not allowed: use BeginTransaction, CommitTransaction and RollbackTransaction.",
            SavepointAction when !sandbox.InTransaction => "SAVEPOINT is allowed only inside a transaction begun with BeginTransaction.",
            PragmaAction => PragmaRefusal(first.utf8_to_string(), second.utf8_to_string()),
            FunctionAction when string.Equals(second.utf8_to_string(), "load_extension", StringComparison.OrdinalIgnoreCase) =>
                "load_extension is not allowed: DB clusters run only the engine's built-in functions.",
            _ => null,
        };
        if (refusal is null)
        {
            return Ok;
        }

        sandbox._refusal ??= refusal;
        return Deny;
    }

    private static string? PragmaRefusal(string? name, string? value)
    {
        if (name is null)
        {
            return "PRAGMA without a name is not allowed.";
        }

        if (value is null)
        {
            return ReadablePragmas.Contains(name) ? null : $"PRAGMA {name} is not allowed through the Data API.";
        }

        if (WritablePragmas.Contains(name) || PragmasWithArgument.Contains(name))
        {
            return null;
        }

        return name.ToLowerInvariant() switch
        {
            "journal_mode" => "PRAGMA journal_mode cannot be changed: DB cluster volumes run in WAL mode only.",
            "temp_store" => "PRAGMA temp_store cannot be changed: temporary data stays in memory, never in unencrypted files.",
            "key" or "rekey" or "hexkey" or "hexrekey" or "cipher" => "Encryption keys are managed by the DB cluster's KMS key, not by PRAGMA.",
            "page_size" or "reserve_bytes" or "mmap_size" => $"PRAGMA {name} cannot be changed: it is part of the encrypted volume's format.",
            _ => $"PRAGMA {name} = … is not allowed through the Data API: connection and storage settings are managed by Coffer.",
        };
    }
}
