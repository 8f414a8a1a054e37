using System.Text.Json;
using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Edge;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager.Operations;

/// <summary>CreateSecret: Name, ClientRequestToken, Description, KmsKeyId, SecretString or SecretBinary, Tags → ARN, Name, VersionId.</summary>
internal sealed class CreateSecretOperation(SecretsService secrets) : SecretsOperation(secrets)
{
    /// <inheritdoc />
    public override string Name => "CreateSecret";

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken)
    {
        var name = input.RequiredString("Name", 1, SecretNames.MaxNameLength);
        var token = ClientRequestToken(input);
        var description = input.OptionalString("Description", 0, 2048);
        var kmsKeyId = input.OptionalString("KmsKeyId", 0, 2048);
        var tags = Tags(input);
        if (input.Element("AddReplicaRegions", JsonValueKind.Array) is not null)
        {
            throw SecretsErrors.InvalidRequest("Coffer does not replicate secrets to other regions: AddReplicaRegions is not supported.");
        }

        using var value = Value(input);
        var result = await Secrets.CreateSecretAsync(caller, new CreateSecretRequest
        {
            Name = name,
            ClientRequestToken = token,
            Description = description,
            KmsKeyId = kmsKeyId,
            Value = value,
            Tags = tags,
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

    private static List<SecretTag> Tags(KmsInput input)
    {
        var tags = new List<SecretTag>();
        if (input.Element("Tags", JsonValueKind.Array) is not { } list)
        {
            return tags;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object ||
                !item.TryGetProperty("Key", out var key) || key.ValueKind != JsonValueKind.String ||
                !item.TryGetProperty("Value", out var value) || value.ValueKind != JsonValueKind.String)
            {
                throw JsonErrors.Serialization("Each member of Tags must be an object with the string members Key and Value.");
            }

            tags.Add(new SecretTag(key.GetString()!, value.GetString()!));
        }

        return tags;
    }
}
