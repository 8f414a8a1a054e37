using System.Text;
using Coffer.Keys;
using Coffer.Primitives;
using Coffer.Storage;

namespace Coffer.Clusters;

/// <summary>
/// ManageMasterUserPassword: RDS generates the master password, keeps it in a Secrets Manager secret
/// (<see cref="IMasterUserSecrets"/>) and seals the same password into the cluster record, as for a password the
/// caller chose. The secret is created and rotated on the caller's authority, and deleted with the cluster.
/// </summary>
public sealed partial class ClusterService
{
    /// <summary>Where managed master user secrets are kept; ManageMasterUserPassword is refused when not set.</summary>
    public IMasterUserSecrets? MasterUserSecrets { get; init; }

    /// <summary>The password of a new cluster: the caller's, or a generated one when RDS manages it.</summary>
    private string CreatePassword(CreateClusterRequest request)
    {
        if (!request.ManageMasterUserPassword)
        {
            return request.MasterUserSecretKmsKeyId is not null
                ? throw RdsErrors.InvalidParameterCombination("MasterUserSecretKmsKeyId requires ManageMasterUserPassword to be true.")
                : MasterPasswords.Validate(request.MasterUserPassword);
        }

        if (request.MasterUserPassword is not null)
        {
            throw RdsErrors.InvalidParameterCombination("Both MasterUserPassword and ManageMasterUserPassword can't be specified: RDS generates the password it manages.");
        }

        RequireMasterUserSecrets();
        return MasterPasswords.Generate();
    }

    private IMasterUserSecrets RequireMasterUserSecrets() =>
        MasterUserSecrets ?? throw RdsErrors.InvalidParameterValue("ManageMasterUserPassword is not available: this server has no Secrets Manager.");

    /// <summary>
    /// Creates the master user secret of <paramref name="cluster"/>. A key the caller may not use for the secret is
    /// KMSKeyNotAccessibleFault; any other Secrets Manager refusal is passed on as InvalidParameterValue with its message.
    /// </summary>
    private async Task<MasterUserSecret> CreateMasterUserSecretAsync(KmsCaller caller, DbCluster cluster, string password, string? kmsKeyId, CancellationToken cancellationToken)
    {
        try
        {
            return await RequireMasterUserSecrets().CreateAsync(caller, cluster.ResourceId, cluster.MasterUsername, password, kmsKeyId, cancellationToken);
        }
        catch (AwsServiceException e) when (e.Code == "EncryptionFailure")
        {
            throw RdsErrors.KeyNotAccessible(kmsKeyId ?? "alias/aws/secretsmanager");
        }
        catch (AwsServiceException e) when (e.IsSenderFault)
        {
            throw RdsErrors.InvalidParameterValue($"The master user secret cannot be created: {e.Message}");
        }
    }

    /// <summary>Deletes a cluster's master user secret, if any, as RDS's service role; a failure is logged, never fatal.</summary>
    private async Task DeleteMasterUserSecretQuietlyAsync(DbCluster cluster)
    {
        if (cluster.MasterUserSecret is not { } secret || MasterUserSecrets is null)
        {
            return;
        }

        try
        {
            await MasterUserSecrets.DeleteAsync(ServiceCaller(cluster), secret.SecretArn, CancellationToken.None);
        }
        catch (AwsServiceException e)
        {
            Log.MasterUserSecretNotDeleted(_logger, cluster.ResourceId, e.Code);
        }
    }

    private string SealPassword(string password, string resourceId) =>
        Convert.ToBase64String(SecretBox.Seal(_passwordKey, Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(resourceId)));

    /// <summary>
    /// The password changes a ModifyDBCluster asks for, checked before anything changes: MasterUserPassword alone
    /// (refused while RDS manages the password), ManageMasterUserPassword on or off, RotateMasterUserPassword.
    /// </summary>
    private static void CheckPasswordRequest(ModifyClusterRequest request, string? password, DbCluster cluster)
    {
        var managed = cluster.MasterUserSecret is not null;
        if (request.ManageMasterUserPassword is true && password is not null)
        {
            throw RdsErrors.InvalidParameterCombination("Both MasterUserPassword and ManageMasterUserPassword can't be specified: RDS generates the password it manages.");
        }

        if (request.ManageMasterUserPassword is false && managed && password is null)
        {
            throw RdsErrors.InvalidParameterCombination("MasterUserPassword is required when ManageMasterUserPassword is turned off.");
        }

        if (request.ManageMasterUserPassword is not false && managed && password is not null)
        {
            throw RdsErrors.InvalidParameterCombination($"DB cluster {cluster.Identifier} manages its master password in Secrets Manager: rotate it with RotateMasterUserPassword, or turn ManageMasterUserPassword off to set MasterUserPassword.");
        }

        if (request.MasterUserSecretKmsKeyId is not null && (request.ManageMasterUserPassword is not true || managed))
        {
            throw RdsErrors.InvalidParameterCombination(managed
                ? $"DB cluster {cluster.Identifier} already has a master user secret; Coffer does not move it to another KMS key (turn ManageMasterUserPassword off and on again)."
                : "MasterUserSecretKmsKeyId requires ManageMasterUserPassword to be true.");
        }

        if (request.RotateMasterUserPassword is true)
        {
            if (password is not null || request.ManageMasterUserPassword is not null)
            {
                throw RdsErrors.InvalidParameterCombination("RotateMasterUserPassword can't be combined with MasterUserPassword or ManageMasterUserPassword.");
            }

            if (!managed)
            {
                throw RdsErrors.InvalidParameterCombination($"DB cluster {cluster.Identifier} does not manage its master password in Secrets Manager: RotateMasterUserPassword needs ManageMasterUserPassword.");
            }
        }
    }

    /// <summary>
    /// Applies the checked password changes of a ModifyDBCluster to <paramref name="modified"/> (the secret is created,
    /// rotated or deleted now) and says what changed.
    /// </summary>
    private async Task<DbCluster> ApplyPasswordAsync(KmsCaller caller, ModifyClusterRequest request, string? password, DbCluster modified, List<string> changes, CancellationToken cancellationToken)
    {
        if (request.ManageMasterUserPassword is true && modified.MasterUserSecret is null)
        {
            var generated = MasterPasswords.Generate();
            var secret = await CreateMasterUserSecretAsync(caller, modified, generated, request.MasterUserSecretKmsKeyId, cancellationToken);
            changes.Add("master user password managed in Secrets Manager");
            return modified with { MasterUserSecret = secret, MasterPasswordSealed = SealPassword(generated, modified.ResourceId) };
        }

        if (request.RotateMasterUserPassword is true && modified.MasterUserSecret is { } current)
        {
            var generated = MasterPasswords.Generate();
            try
            {
                await RequireMasterUserSecrets().RotateAsync(caller, current.SecretArn, modified.MasterUsername, generated, cancellationToken);
            }
            catch (AwsServiceException e) when (e.Code == "EncryptionFailure")
            {
                throw RdsErrors.KeyNotAccessible(current.KmsKeyArn);
            }

            changes.Add("master user password rotated");
            return modified with { MasterPasswordSealed = SealPassword(generated, modified.ResourceId) };
        }

        if (request.ManageMasterUserPassword is false && modified.MasterUserSecret is { } managed)
        {
            await RequireMasterUserSecrets().DeleteAsync(caller, managed.SecretArn, cancellationToken);
            changes.Add("master user password no longer managed in Secrets Manager");
            modified = modified with { MasterUserSecret = null };
        }

        if (password is not null)
        {
            // Sealed as at creation: under the root-derived password key, bound to the resource id.
            modified = modified with { MasterPasswordSealed = SealPassword(password, modified.ResourceId) };
            changes.Add("master user password reset");
        }

        return modified;
    }
}
