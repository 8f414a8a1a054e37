using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager.Operations;

/// <summary>PutSecretValue: SecretId, ClientRequestToken, SecretString or SecretBinary, VersionStages → ARN, Name, VersionId, VersionStages.</summary>
internal sealed class PutSecretValueOperation(SecretsService secrets) : SecretsOperation(secrets)
{
    /// <inheritdoc />
    public override string Name => "PutSecretValue";

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken)
    {
        var secretId = SecretId(input);
        var token = ClientRequestToken(input);
        var stages = input.Element("VersionStages", System.Text.Json.JsonValueKind.Array) is null ? null : input.StringList("VersionStages", 20, 1, 256);
        using var value = Value(input) ?? throw SecretsErrors.InvalidParameter("You must provide either SecretString or SecretBinary.");
        var result = await Secrets.PutSecretValueAsync(caller, secretId, token, value, stages, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteIdentity(result.Arn, result.Name);
            w.WriteString("VersionId", result.VersionId);
            w.WriteStrings("VersionStages", result.VersionStages);
        });
    }
}
