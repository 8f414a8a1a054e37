using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Coffer.LoadTool;

/// <summary>
/// The limit for the Data API benchmark: the Data API's statements run in-process by Microsoft.Data.Sqlite on a plain
/// file (WAL, synchronous=FULL, 4 KiB pages and an 8 MiB cache, as a cluster volume is set up), from N threads, each
/// with its own connection and a statement prepared once. Writes take one lock, as the Data API queues them for the
/// cluster's writer. No HTTP, no SigV4, no secret, no cipher.
/// </summary>
internal static class SqliteBaseline
{
    public const string Usage = """
        coffer-load sqlite --workload read|write --concurrency N --seconds S --rows R --file PATH
          read:  SELECT id, a, b FROM bench WHERE id = :id    (ids spread over 1..R)
          write: INSERT INTO bench (a, b) VALUES (:a, :b)     (autocommit, one row)
          The file is created and filled with R rows when it does not exist; 2 s of warm-up precede the S seconds.
        """;

    public static int Run(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var workload = Arg("--workload") ?? "read";
        var file = Arg("--file");
        if (workload is not ("read" or "write") || file is null
            || !int.TryParse(Arg("--concurrency") ?? "8", CultureInfo.InvariantCulture, out var concurrency) || concurrency < 1
            || !double.TryParse(Arg("--seconds") ?? "10", CultureInfo.InvariantCulture, out var seconds) || seconds <= 0
            || !int.TryParse(Arg("--rows") ?? "10000", CultureInfo.InvariantCulture, out var rows) || rows < 1)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        Fill(connectionString, rows);
        Measure(connectionString, workload, concurrency, rows, TimeSpan.FromSeconds(2));
        var result = Measure(connectionString, workload, concurrency, rows, TimeSpan.FromSeconds(seconds));
        Console.WriteLine(result.Format());
        return 0;
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA temp_store=MEMORY; PRAGMA synchronous=FULL; PRAGMA cache_size=-8192; PRAGMA busy_timeout=30000;";
        command.ExecuteNonQuery();
        return connection;
    }

    private static void Fill(string connectionString, int rows)
    {
        using var connection = Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'bench'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
        {
            return;
        }

        command.CommandText = "CREATE TABLE bench (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL)";
        command.ExecuteNonQuery();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO bench (a, b) VALUES (:a, :b)";
        var a = insert.Parameters.Add(":a", SqliteType.Integer);
        var b = insert.Parameters.Add(":b", SqliteType.Text);
        for (var i = 1; i <= rows; i++)
        {
            a.Value = i;
            b.Value = Payload(i);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The b column of row i: 100 bytes of text, as the Data API benchmark's rows.</summary>
    private static string Payload(int i)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"row-{i:D8}-");
        return string.Concat(Enumerable.Repeat(prefix, 8))[..100];
    }

    private static LoadResult Measure(string connectionString, string workload, int concurrency, int rows, TimeSpan duration)
    {
        var writeLock = new Lock();
        var latencies = new List<long>[concurrency];
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var threads = Enumerable.Range(0, concurrency).Select(t => new Thread(() =>
        {
            var mine = latencies[t] = new List<long>(1 << 16);
            using var connection = Open(connectionString);
            using var command = connection.CreateCommand();
            var read = workload == "read";
            command.CommandText = read ? "SELECT id, a, b FROM bench WHERE id = :id" : "INSERT INTO bench (a, b) VALUES (:a, :b)";
            var first = command.Parameters.Add(read ? ":id" : ":a", SqliteType.Integer);
            var second = read ? null : command.Parameters.Add(":b", SqliteType.Text);
            command.Prepare();
            var payload = Payload(rows + t);
            for (var n = (long)t * 7919; ; n += 7919)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= deadline)
                {
                    break;
                }

                if (read)
                {
                    first.Value = (n % rows) + 1;
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        _ = reader.GetInt64(0) + reader.GetInt64(1) + reader.GetString(2).Length;
                    }
                }
                else
                {
                    first.Value = n;
                    second!.Value = payload;
                    lock (writeLock)
                    {
                        command.ExecuteNonQuery();
                    }
                }

                mine.Add(Stopwatch.GetTimestamp() - sent);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadResult("sqlite-direct", workload, concurrency, elapsed, [.. latencies.SelectMany(l => l)], new Dictionary<string, int>(StringComparer.Ordinal));
    }
}
