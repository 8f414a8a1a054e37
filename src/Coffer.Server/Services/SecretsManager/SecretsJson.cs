using System.Text.Json;
using Coffer.Data.Secrets;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager;

/// <summary>Writes Secrets Manager's response structures (dates as epoch seconds, as AWS JSON 1.1 does).</summary>
internal static class SecretsJson
{
    /// <summary>DescribeSecret's members, or a ListSecrets entry's (<paramref name="stagesMember"/> differs); deprecated versions (no label) are not listed, as AWS.</summary>
    public static void WriteSecret(this Utf8JsonWriter writer, Secret secret, string stagesMember)
    {
        writer.WriteString("ARN", secret.Arn);
        writer.WriteString("Name", secret.Name);
        if (secret.Description is not null)
        {
            writer.WriteString("Description", secret.Description);
        }

        if (secret.KmsKeyId is not null)
        {
            writer.WriteString("KmsKeyId", secret.KmsKeyId);
        }

        writer.WriteBoolean("RotationEnabled", false);
        writer.WriteDate("LastChangedDate", secret.LastChangedDate);
        if (secret.LastAccessedDate is { } accessed)
        {
            writer.WriteDate("LastAccessedDate", accessed);
        }

        if (secret.DeletedDate is { } deleted)
        {
            writer.WriteDate("DeletedDate", deleted);
        }

        writer.WriteStartArray("Tags");
        foreach (var tag in secret.Tags)
        {
            writer.WriteStartObject();
            writer.WriteString("Key", tag.Key);
            writer.WriteString("Value", tag.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject(stagesMember);
        foreach (var version in secret.Versions.Where(v => v.Stages.Count > 0))
        {
            writer.WriteStartArray(version.VersionId);
            foreach (var stage in version.Stages)
            {
                writer.WriteStringValue(stage);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        if (secret.OwningService is not null)
        {
            writer.WriteString("OwningService", secret.OwningService);
        }

        writer.WriteDate("CreatedDate", secret.CreatedDate);
    }

    /// <summary>The <c>ARN</c> and <c>Name</c> members every write operation answers with.</summary>
    public static void WriteIdentity(this Utf8JsonWriter writer, string arn, string name)
    {
        writer.WriteString("ARN", arn);
        writer.WriteString("Name", name);
    }

    /// <summary>A list of strings.</summary>
    public static void WriteStrings(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
