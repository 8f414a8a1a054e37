using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager.Operations;

/// <summary>DeleteSecret: SecretId, RecoveryWindowInDays (7–30, default 30) or ForceDeleteWithoutRecovery → ARN, Name, DeletionDate.</summary>
internal sealed class DeleteSecretOperation(SecretsService secrets) : SecretsOperation(secrets)
{
    /// <inheritdoc />
    public override string Name => "DeleteSecret";

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken)
    {
        var secretId = SecretId(input);
        var window = input.OptionalInt("RecoveryWindowInDays", int.MinValue, int.MaxValue);
        var force = input.OptionalBool("ForceDeleteWithoutRecovery") ?? false;
        var (secret, deletionDate) = await Secrets.DeleteSecretAsync(caller, secretId, window, force, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteIdentity(secret.Arn, secret.Name);
            w.WriteDate("DeletionDate", deletionDate);
        });
    }
}
