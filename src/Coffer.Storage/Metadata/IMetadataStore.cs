using System.Data.Common;

namespace Coffer.Storage.Metadata;

/// <summary>
/// The seam in front of the server's own state (accounts, keys, clusters, audit). The embedded implementation is
/// <see cref="SqliteMetadataStore"/>; a PostgreSQL implementation can follow without touching its callers, which
/// use portable ADO.NET with <c>@name</c> parameters.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Opens a connection; the caller disposes it.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
