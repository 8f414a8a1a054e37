using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Storage.Volumes;

/// <summary>
/// A volume's manifest (<c>volume.json</c>): format, cipher, salt, and where its data key came from — the wrapped
/// key blob, the KMS key ARN and the encryption context — never the plaintext key. For an encrypted volume it carries
/// an HMAC-SHA256 over a canonical encoding of every field under a key derived from the data key, so that opening
/// with the wrong data key, or an altered manifest, is refused before SQLite reads a page.
/// </summary>
public sealed record VolumeManifest
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The cipher name of encrypted volumes.</summary>
    public const string Aes256Gcm = "AES-256-GCM";

    /// <summary>The cipher name of unencrypted volumes (same VFS, cipher off).</summary>
    public const string NoCipher = "none";

    /// <summary>The manifest format.</summary>
    [JsonPropertyName("format")]
    public required int Format { get; init; }

    /// <summary>The volume's id.</summary>
    [JsonPropertyName("volumeId")]
    public required string VolumeId { get; init; }

    /// <summary><see cref="Aes256Gcm"/> or <see cref="NoCipher"/>.</summary>
    [JsonPropertyName("cipher")]
    public required string Cipher { get; init; }

    /// <summary>The page size (4096).</summary>
    [JsonPropertyName("pageSize")]
    public required int PageSize { get; init; }

    /// <summary>The reserved bytes per page (32).</summary>
    [JsonPropertyName("reservedBytes")]
    public required int ReservedBytes { get; init; }

    /// <summary>The HKDF salt of the volume's keys, base64 (16 bytes); empty when unencrypted.</summary>
    [JsonPropertyName("salt")]
    public required string Salt { get; init; }

    /// <summary>The ARN of the KMS key that wrapped the data key, if any.</summary>
    [JsonPropertyName("keyArn")]
    public string? KeyArn { get; init; }

    /// <summary>The encryption context the data key was generated with.</summary>
    [JsonPropertyName("encryptionContext")]
    public IReadOnlyDictionary<string, string> EncryptionContext { get; init; } = new Dictionary<string, string>();

    /// <summary>The wrapped data key (a KMS ciphertext blob), base64; empty when unencrypted.</summary>
    [JsonPropertyName("wrappedKey")]
    public string WrappedKey { get; init; } = string.Empty;

    /// <summary>When the volume was created (ISO-8601).</summary>
    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The HMAC of the other fields, base64; empty when unencrypted.</summary>
    [JsonPropertyName("mac")]
    public string Mac { get; init; } = string.Empty;

    /// <summary>Whether the volume is encrypted.</summary>
    [JsonIgnore]
    public bool IsEncrypted => Cipher == Aes256Gcm;

    /// <summary>The wrapped data key's bytes.</summary>
    [JsonIgnore]
    public byte[] WrappedKeyBytes => Convert.FromBase64String(WrappedKey);

    internal byte[] SaltBytes => Convert.FromBase64String(Salt);

    /// <summary>The MAC over every field but <see cref="Mac"/>, under <paramref name="manifestKey"/>.</summary>
    internal byte[] ComputeMac(ReadOnlySpan<byte> manifestKey)
    {
        using var stream = new MemoryStream();
        void Field(string value)
        {
            Span<byte> length = stackalloc byte[4];
            var bytes = Encoding.UTF8.GetBytes(value);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            stream.Write(length);
            stream.Write(bytes);
        }

        Field("coffer-volume-manifest/v1");
        Field(Format.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(VolumeId);
        Field(Cipher);
        Field(PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(ReservedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(Salt);
        Field(KeyArn ?? string.Empty);
        Field(EncryptionContext.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in EncryptionContext.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Field(key);
            Field(value);
        }

        Field(WrappedKey);
        Field(CreatedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return HMACSHA256.HashData(manifestKey, stream.ToArray());
    }

    internal byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, VolumeJsonContext.Default.VolumeManifest);

    internal static VolumeManifest? FromJson(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, VolumeJsonContext.Default.VolumeManifest);
}
