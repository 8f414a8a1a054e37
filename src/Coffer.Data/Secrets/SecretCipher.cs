using System.Security.Cryptography;
using System.Text;
using Coffer.Keys;
using Coffer.Keys.Crypto;
using Coffer.Keys.Service;
using Coffer.Primitives;

namespace Coffer.Data.Secrets;

/// <summary>
/// Envelope encryption of secret values, as Secrets Manager does it: for each version KMS generates a 256-bit data key
/// under the secret's key, called via Secrets Manager with encryption context
/// <c>{"SecretARN": &lt;arn&gt;, "SecretVersionId": &lt;version id&gt;}</c>; the value is sealed with AES-256-GCM
/// under that key and only the data key's KMS blob is stored. The plaintext data key is zeroed at once.
/// </summary>
/// <remarks>
/// Sealed layout: <c>0x01</c> (format) ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag. The AAD binds the format, the
/// secret ARN, the version id and the value's kind, so a version cannot be moved to another secret or version, nor
/// a string read as binary.
/// </remarks>
internal sealed class SecretCipher(KeyService keys)
{
    /// <summary>The AWS managed key used when a secret names none.</summary>
    public const string DefaultKeyAlias = "alias/aws/secretsmanager";

    /// <summary>The signing name Coffer's own KMS calls go through.</summary>
    public const string ServiceName = "secretsmanager";

    private const byte Format = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Raised for every use of a key, successful or not.</summary>
    public event Action<SecretKeyUse>? KeyUsed;

    /// <summary>The encryption context of a version.</summary>
    public static Dictionary<string, string> ContextOf(string secretArn, string versionId) => new(StringComparer.Ordinal)
    {
        ["SecretARN"] = secretArn,
        ["SecretVersionId"] = versionId,
    };

    /// <summary>Seals <paramref name="value"/> as version <paramref name="versionId"/> of the secret; KMS failures are EncryptionFailure.</summary>
    public async Task<SecretVersion> SealAsync(
        KmsCaller caller, string secretArn, string? kmsKeyId, string versionId, SecretValue value, IReadOnlyList<string> stages, DateTimeOffset created, CancellationToken cancellationToken)
    {
        var via = caller.Via(ServiceName);
        var contextMap = ContextOf(secretArn, versionId);
        var keyId = string.IsNullOrEmpty(kmsKeyId) ? DefaultKeyAlias : kmsKeyId;
        DataKeyResult dataKey;
        try
        {
            dataKey = await keys.GenerateDataKeyAsync(via, keyId, null, "AES_256", EncryptionContext.Create(contextMap), null, withPlaintext: true, dryRun: false, cancellationToken);
        }
        catch (AwsServiceException e)
        {
            KeyUsed?.Invoke(new SecretKeyUse("GenerateDataKey", via, keyId, contextMap, e.Code, e.Message));
            throw SecretsErrors.EncryptionFailure(e);
        }

        using (dataKey)
        {
            KeyUsed?.Invoke(new SecretKeyUse("GenerateDataKey", via, dataKey.KeyArn, contextMap, null, null));
            var sealedValue = new byte[1 + NonceSize + value.Bytes.Length + TagSize];
            sealedValue[0] = Format;
            var nonce = sealedValue.AsSpan(1, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(dataKey.Plaintext!.ReadOnlySpan, TagSize);
            aes.Encrypt(nonce, value.Bytes, sealedValue.AsSpan(1 + NonceSize, value.Bytes.Length), sealedValue.AsSpan(sealedValue.Length - TagSize), Aad(secretArn, versionId, value.IsBinary));
            return new SecretVersion
            {
                VersionId = versionId,
                Stages = stages,
                CreatedDate = created,
                KeyArn = dataKey.KeyArn,
                WrappedKey = dataKey.CiphertextBlob,
                Sealed = sealedValue,
                IsBinary = value.IsBinary,
            };
        }
    }

    /// <summary>Opens a version; KMS failures are DecryptionFailure, a version that does not authenticate too.</summary>
    public async Task<SecretValue> OpenAsync(KmsCaller caller, string secretArn, SecretVersion version, CancellationToken cancellationToken)
    {
        var via = caller.Via(ServiceName);
        var contextMap = ContextOf(secretArn, version.VersionId);
        DecryptResult dataKey;
        try
        {
            dataKey = await keys.DecryptAsync(via, version.WrappedKey, EncryptionContext.Create(contextMap), null, null, dryRun: false, cancellationToken);
        }
        catch (AwsServiceException e)
        {
            KeyUsed?.Invoke(new SecretKeyUse("Decrypt", via, version.KeyArn, contextMap, e.Code, e.Message));
            throw SecretsErrors.DecryptionFailure(e);
        }

        using (dataKey)
        {
            KeyUsed?.Invoke(new SecretKeyUse("Decrypt", via, dataKey.KeyArn, contextMap, null, null));
            var sealedValue = version.Sealed;
            if (sealedValue.Length < 1 + NonceSize + TagSize || sealedValue[0] != Format || dataKey.Plaintext.Length != 32)
            {
                throw SecretsErrors.CorruptVersion();
            }

            var plaintext = new byte[sealedValue.Length - 1 - NonceSize - TagSize];
            try
            {
                using var aes = new AesGcm(dataKey.Plaintext.ReadOnlySpan, TagSize);
                aes.Decrypt(sealedValue.AsSpan(1, NonceSize), sealedValue.AsSpan(1 + NonceSize, plaintext.Length), sealedValue.AsSpan(sealedValue.Length - TagSize), plaintext, Aad(secretArn, version.VersionId, version.IsBinary));
            }
            catch (AuthenticationTagMismatchException)
            {
                CryptographicOperations.ZeroMemory(plaintext);
                throw SecretsErrors.CorruptVersion();
            }

            return SecretValue.Own(plaintext, version.IsBinary);
        }
    }

    private static byte[] Aad(string secretArn, string versionId, bool binary) =>
        Encoding.UTF8.GetBytes($"coffer-secret\u0000{Format}\u0000{secretArn}\u0000{versionId}\u0000{(binary ? "binary" : "string")}");
}
