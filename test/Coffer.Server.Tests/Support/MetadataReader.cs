using Microsoft.Data.Sqlite;

namespace Coffer.Server.Tests.Support;

/// <summary>Reads the metadata store directly (read-only, unpooled), as an independent check of what the server answers.</summary>
internal static class MetadataReader
{
    /// <summary>The account id and admin user id of the account named <paramref name="name"/>.</summary>
    public static (string AccountId, string UserId) Account(string dataDirectory, string name)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "metadata.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT a.account_id, p.user_id FROM accounts a JOIN principals p ON p.account_id = a.account_id WHERE a.name = $name;";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"No account named '{name}' in the metadata store.");
        return (reader.GetString(0), reader.GetString(1));
    }
}
