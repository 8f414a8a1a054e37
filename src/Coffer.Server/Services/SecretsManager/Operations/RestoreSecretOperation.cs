using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager.Operations;

/// <summary>RestoreSecret: SecretId → ARN, Name; cancels a scheduled deletion.</summary>
internal sealed class RestoreSecretOperation(SecretsService secrets) : SecretsOperation(secrets)
{
    /// <inheritdoc />
    public override string Name => "RestoreSecret";

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken)
    {
        var secret = await Secrets.RestoreSecretAsync(caller, SecretId(input), cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteIdentity(secret.Arn, secret.Name);
        });
    }
}
