using Coffer.Storage;
using Coffer.Storage.Metadata;

namespace Coffer.Server.Tests.Support;

/// <summary>
/// Reads the metadata store directly — through its encrypted volume, with the data directory's root key — as an
/// independent check of what the server answers.
/// </summary>
internal static class MetadataReader
{
    /// <summary>The account id and admin user id of the account named <paramref name="name"/>.</summary>
    public static async Task<(string AccountId, string UserId)> AccountAsync(string dataDirectory, string name)
    {
        using var rootKey = RootKey.Load(Path.Combine(dataDirectory, "root.key"));
        using var store = await SqliteMetadataStore.OpenAsync(dataDirectory, rootKey, [], TimeProvider.System, default);
        await using var connection = await store.OpenConnectionAsync(default);
        await using var command = MetadataCommands.Create(connection, null, "SELECT a.account_id, p.user_id FROM accounts a JOIN principals p ON p.account_id = a.account_id WHERE a.name = @name;", ("@name", name));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No account named '{name}' in the metadata store.");
        return (reader.GetString(0), reader.GetString(1));
    }
}
