using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager.Operations;

/// <summary>UpdateSecret: SecretId, ClientRequestToken, Description, KmsKeyId, SecretString or SecretBinary → ARN, Name, VersionId (when a value was given).</summary>
internal sealed class UpdateSecretOperation(SecretsService secrets) : SecretsOperation(secrets)
{
    /// <inheritdoc />
    public override string Name => "UpdateSecret";

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken)
    {
        var secretId = SecretId(input);
        var token = ClientRequestToken(input);
        var description = input.OptionalString("Description", 0, 2048);
        var kmsKeyId = input.OptionalString("KmsKeyId", 0, 2048);
        using var value = Value(input);
        var result = await Secrets.UpdateSecretAsync(caller, new UpdateSecretRequest
        {
            SecretId = secretId,
            ClientRequestToken = token,
            Description = description,
            KmsKeyId = kmsKeyId,
            Value = value,
        }, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteIdentity(result.Arn, result.Name);
            if (result.VersionId is not null)
            {
                w.WriteString("VersionId", result.VersionId);
            }
        });
    }
}
