using Coffer.Storage.Metadata;

namespace Coffer.Server.Hosting;

/// <summary>Named values the server keeps about itself (the endpoint URL it last listened on).</summary>
internal sealed class ServerSettings(IMetadataStore store)
{
    /// <summary>The URL the server last listened on, for the AWS CLI profiles.</summary>
    public const string EndpointUrl = "endpoint_url";

    /// <summary>The value of a setting, or <see langword="null"/>.</summary>
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ScalarAsync(null, "SELECT value FROM settings WHERE name = @name;", cancellationToken, ("@name", name)) as string;
    }

    /// <summary>Sets a setting, replacing any earlier value.</summary>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(null, "INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value;", cancellationToken, ("@name", name), ("@value", value));
    }
}
