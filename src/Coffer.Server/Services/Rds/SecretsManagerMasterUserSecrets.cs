using Coffer.Clusters;
using Coffer.Data.Secrets;
using Coffer.Keys;

namespace Coffer.Server.Services.Rds;

/// <summary>
/// The RDS control plane's master user secrets, kept by the Secrets Manager service: the secret is
/// <c>rds!cluster-&lt;resource id without its "cluster-" prefix&gt;</c>, owned by <c>rds</c>, and DescribeDBClusters
/// reports its ARN and the ARN of the key its current version is encrypted under.
/// </summary>
internal sealed class SecretsManagerMasterUserSecrets(SecretsService secrets) : IMasterUserSecrets
{
    private const string ResourceIdPrefix = "cluster-";

    /// <inheritdoc />
    public async Task<MasterUserSecret> CreateAsync(KmsCaller caller, string clusterResourceId, string username, string password, string? kmsKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusterResourceId);
        var suffix = clusterResourceId.StartsWith(ResourceIdPrefix, StringComparison.Ordinal) ? clusterResourceId[ResourceIdPrefix.Length..] : clusterResourceId;
        var secret = await secrets.CreateMasterUserSecretAsync(caller, suffix, username, password, kmsKeyId, cancellationToken);
        return new MasterUserSecret(secret.Arn, secret.WithStage(SecretsService.Current)!.KeyArn);
    }

    /// <inheritdoc />
    public Task RotateAsync(KmsCaller caller, string secretArn, string username, string password, CancellationToken cancellationToken) =>
        secrets.RotateMasterUserSecretAsync(caller, secretArn, username, password, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(KmsCaller caller, string secretArn, CancellationToken cancellationToken) =>
        secrets.DeleteMasterUserSecretAsync(caller, secretArn, cancellationToken);
}
