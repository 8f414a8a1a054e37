using System.Text.Json;
using Coffer.Keys;

namespace Coffer.Data.Secrets;

/// <summary>
/// The API the RDS control plane uses for <c>ManageMasterUserPassword</c>: a secret named
/// <c>rds!cluster-&lt;resource id&gt;</c>, owned by <c>rds</c>, whose value is <c>{"username","password"}</c>,
/// encrypted under the given key (or <c>aws/secretsmanager</c>) through the same envelope as every secret.
/// </summary>
public sealed partial class SecretsService
{
    /// <summary>The owning service of RDS-managed secrets.</summary>
    public const string RdsOwningService = "rds";

    /// <summary>The name of a cluster's master user secret.</summary>
    public static string MasterUserSecretName(string clusterResourceId) => $"rds!cluster-{clusterResourceId}";

    /// <summary>
    /// Creates the master user secret of the cluster <paramref name="clusterResourceId"/> for <paramref name="caller"/>
    /// (the principal that called CreateDBCluster). <paramref name="kmsKeyId"/> is MasterUserSecretKmsKeyId in any
    /// form, or <see langword="null"/> for <c>alias/aws/secretsmanager</c>. Returns the secret's record (its ARN and
    /// <see cref="Secret.KmsKeyId"/> are what DescribeDBClusters reports as <c>MasterUserSecret</c>).
    /// </summary>
    public async Task<Secret> CreateMasterUserSecretAsync(
        KmsCaller caller, string clusterResourceId, string username, string password, string? kmsKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        using var value = MasterUserSecretValue(username, password);
        var result = await CreateSecretAsync(caller, new CreateSecretRequest
        {
            Name = MasterUserSecretName(clusterResourceId),
            Description = $"Master user secret of the RDS DB cluster {clusterResourceId}, managed by RDS.",
            KmsKeyId = kmsKeyId,
            Value = value,
            OwningService = RdsOwningService,
            Tags = [],
        }, cancellationToken);
        return _store.FindByArn(result.Arn)!;
    }

    /// <summary>
    /// Writes a new <c>{"username","password"}</c> into a master user secret as its new AWSCURRENT version (the old one
    /// becomes AWSPREVIOUS), under the secret's key: RotateMasterUserPassword.
    /// </summary>
    public async Task<SecretWriteResult> RotateMasterUserSecretAsync(KmsCaller caller, string secretArn, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        using var value = MasterUserSecretValue(username, password);
        return await PutSecretValueAsync(caller, secretArn, null, value, null, cancellationToken);
    }

    private static SecretValue MasterUserSecretValue(string username, string password) =>
        SecretValue.FromString(JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = username, ["password"] = password }, SecretsJsonContext.Default.DictionaryStringString));

    /// <summary>Reads a master user secret's current <c>username</c> and <c>password</c> (KMS failures are DecryptionFailure).</summary>
    public async Task<(string Username, string Password)> ReadMasterUserSecretAsync(KmsCaller caller, string secretArn, CancellationToken cancellationToken)
    {
        using var result = await GetSecretValueAsync(caller, secretArn, null, null, cancellationToken);
        using var document = JsonDocument.Parse(result.Value.Bytes.ToArray());
        return (document.RootElement.GetProperty("username").GetString()!, document.RootElement.GetProperty("password").GetString()!);
    }

    /// <summary>Deletes a master user secret at once (as RDS does when the cluster goes, or stops managing the password).</summary>
    public Task DeleteMasterUserSecretAsync(KmsCaller caller, string secretArn, CancellationToken cancellationToken) =>
        DeleteSecretAsync(caller, secretArn, null, forceDeleteWithoutRecovery: true, cancellationToken);
}
