using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager.Operations;

/// <summary>GetSecretValue: SecretId, VersionId, VersionStage → ARN, Name, VersionId, SecretString or SecretBinary, VersionStages, CreatedDate.</summary>
internal sealed class GetSecretValueOperation(SecretsService secrets) : SecretsOperation(secrets)
{
    /// <inheritdoc />
    public override string Name => "GetSecretValue";

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken)
    {
        var secretId = SecretId(input);
        var versionId = input.OptionalString("VersionId", 32, 64);
        var versionStage = input.OptionalString("VersionStage", 1, 256);
        using var result = await Secrets.GetSecretValueAsync(caller, secretId, versionId, versionStage, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteIdentity(result.Arn, result.Name);
            w.WriteString("VersionId", result.VersionId);
            if (result.Value.IsBinary)
            {
                w.WriteBase64String("SecretBinary", result.Value.Bytes);
            }
            else
            {
                w.WriteString("SecretString", result.Value.Bytes);
            }

            w.WriteStrings("VersionStages", result.VersionStages);
            w.WriteDate("CreatedDate", result.CreatedDate);
        });
    }
}
