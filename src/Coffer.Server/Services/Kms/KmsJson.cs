using System.Buffers;
using System.Text.Json;
using Coffer.Keys;

namespace Coffer.Server.Services.Kms;

/// <summary>Writes KMS responses: UTF-8 JSON with AWS's member names, dates as epoch seconds.</summary>
internal static class KmsJson
{
    /// <summary>A response body written by <paramref name="write"/> inside one JSON object.</summary>
    public static byte[] Object(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The empty response of operations without output.</summary>
    public static byte[] Empty { get; } = "{}"u8.ToArray();

    /// <summary>A date as AWS JSON writes it: epoch seconds, with milliseconds as a fraction.</summary>
    public static void WriteDate(this Utf8JsonWriter writer, string name, DateTimeOffset value) =>
        writer.WriteNumber(name, value.ToUnixTimeMilliseconds() / 1000.0);

    /// <summary>The KeyMetadata structure.</summary>
    public static void WriteKeyMetadata(this Utf8JsonWriter writer, KmsKey key, string? currentMaterialId = null)
    {
        writer.WriteStartObject("KeyMetadata");
        writer.WriteString("AWSAccountId", key.Account.Value);
        writer.WriteString("KeyId", key.KeyId);
        writer.WriteString("Arn", key.Arn);
        writer.WriteDate("CreationDate", key.CreationDate);
        writer.WriteBoolean("Enabled", key.Enabled);
        writer.WriteString("Description", key.Description);
        writer.WriteString("KeyUsage", "ENCRYPT_DECRYPT");
        writer.WriteString("KeyState", key.State.ToString());
        if (key.DeletionDate is { } deletion)
        {
            writer.WriteDate("DeletionDate", deletion);
        }

        if (key.PendingWindowInDays is { } window)
        {
            writer.WriteNumber("PendingDeletionWindowInDays", window);
        }

        writer.WriteString("Origin", "AWS_KMS");
        writer.WriteString("KeyManager", key.KeyManager == KeyManagerType.Aws ? "AWS" : "CUSTOMER");
        writer.WriteString("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT");
        writer.WriteString("KeySpec", "SYMMETRIC_DEFAULT");
        writer.WriteStartArray("EncryptionAlgorithms");
        writer.WriteStringValue("SYMMETRIC_DEFAULT");
        writer.WriteEndArray();
        writer.WriteBoolean("MultiRegion", false);
        writer.WriteString("CurrentKeyMaterialId", currentMaterialId ?? key.CurrentMaterial.ToString());
        writer.WriteEndObject();
    }
}
