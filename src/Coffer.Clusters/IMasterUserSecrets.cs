using Coffer.Keys;

namespace Coffer.Clusters;

/// <summary>
/// Where RDS keeps a cluster's master user secret when it manages the master password (ManageMasterUserPassword):
/// Secrets Manager. A seam rather than a reference because the secrets service lives in Coffer.Data, which depends
/// on this project and not the other way round; the host composes the two.
/// </summary>
public interface IMasterUserSecrets
{
    /// <summary>
    /// Creates the secret of the cluster <paramref name="clusterResourceId"/> holding <c>{"username","password"}</c>,
    /// encrypted under <paramref name="kmsKeyId"/> (any key id form) or <c>alias/aws/secretsmanager</c>, on the
    /// authority of <paramref name="caller"/> (the principal calling RDS).
    /// </summary>
    Task<MasterUserSecret> CreateAsync(KmsCaller caller, string clusterResourceId, string username, string password, string? kmsKeyId, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="password"/> into the secret as its new current version (the old one becomes AWSPREVIOUS).</summary>
    Task RotateAsync(KmsCaller caller, string secretArn, string username, string password, CancellationToken cancellationToken);

    /// <summary>Deletes the secret at once, without a recovery window.</summary>
    Task DeleteAsync(KmsCaller caller, string secretArn, CancellationToken cancellationToken);
}
