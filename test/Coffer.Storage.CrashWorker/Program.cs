// Writes to a volume until killed: each line "committed <id>" is printed only after its transaction's commit returned,
// so every id the parent has read must survive a kill -9 (synchronous=FULL). Usage: <volume-dir> <hex data key> <seed>
#pragma warning disable CA5394 // A seeded Random makes a crash run reproducible; it protects nothing.
using System.Security.Cryptography;
using Coffer.Storage.ChangeLog;
using Coffer.Storage.Volumes;

var directory = args[0];
var key = Convert.FromHexString(args[1]);
var seed = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
// The volume keeps a change log, so that every kill also tests the log's recovery against the WAL's.
var options = new VolumeOptions { ChangeLog = new ChangeLogOptions { Time = TimeProvider.System } };
using var volume = File.Exists(Path.Combine(directory, Volume.ManifestFileName))
    ? Volume.Open(directory, key, options)
    : Volume.Create(directory, new VolumeKeyMaterial(key, [], null, new Dictionary<string, string>()), TimeProvider.System, options);
using var connection = volume.OpenConnection();
using (var create = connection.CreateCommand())
{
    create.CommandText = "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL, digest BLOB NOT NULL)";
    create.ExecuteNonQuery();
}

var output = Console.Out;
output.WriteLine("ready");
output.Flush();
var random = new Random(seed);
while (true)
{
    // Varying sizes make transactions span one to many pages and overflow chains, so kills land everywhere.
    var rows = random.Next(1, 20);
    var ids = new List<long>();
    using var transaction = connection.BeginTransaction();
    for (var i = 0; i < rows; i++)
    {
        var payload = new byte[random.Next(10, 9000)];
        random.NextBytes(payload);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO rows (payload, digest) VALUES ($p, $d) RETURNING id";
        insert.Parameters.AddWithValue("$p", payload);
        insert.Parameters.AddWithValue("$d", SHA256.HashData(payload));
        ids.Add((long)insert.ExecuteScalar()!);
    }

    if (random.Next(3) == 0)
    {
        // Rewrite an older row in place (pages change, ids stay), and free pages by deleting a row of this
        // transaction, which was never acknowledged.
        var payload = new byte[random.Next(10, 9000)];
        random.NextBytes(payload);
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE rows SET payload = $p, digest = $d WHERE id = (SELECT id FROM rows ORDER BY random() LIMIT 1)";
        update.Parameters.AddWithValue("$p", payload);
        update.Parameters.AddWithValue("$d", SHA256.HashData(payload));
        update.ExecuteNonQuery();
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM rows WHERE id = $id";
        delete.Parameters.AddWithValue("$id", ids[^1]);
        delete.ExecuteNonQuery();
        ids.RemoveAt(ids.Count - 1);
    }

    transaction.Commit();
    foreach (var id in ids)
    {
        output.WriteLine($"committed {id}");
    }

    output.Flush();
}
