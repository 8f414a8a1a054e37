using Coffer.Keys;
using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>CreateKey: symmetric encryption keys only; other specs, origins and multi-Region keys are refused clearly.</summary>
internal sealed class CreateKeyOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    private static readonly string[] KeySpecs =
    [
        "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT",
        "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519",
    ];

    /// <inheritdoc />
    public override string Name => "CreateKey";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var policy = input.OptionalString("Policy", 1, 131072);
        var description = input.OptionalString("Description", 0, 8192) ?? string.Empty;
        var usage = input.OptionalEnum("KeyUsage", "SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT");
        var spec = input.OptionalEnum("KeySpec", KeySpecs) ?? input.OptionalEnum("CustomerMasterKeySpec", KeySpecs);
        var origin = input.OptionalEnum("Origin", "AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE");
        var multiRegion = input.OptionalBool("MultiRegion") ?? false;
        var bypass = input.OptionalBool("BypassPolicyLockoutSafetyCheck") ?? false;
        var customKeyStore = input.OptionalString("CustomKeyStoreId", 1, 64);
        input.OptionalString("XksKeyId", 1, 128);
        var tags = TagList.Read(input, "Tags");
        if (spec is not (null or "SYMMETRIC_DEFAULT") || usage is not (null or "ENCRYPT_DECRYPT"))
        {
            throw KmsErrors.Unsupported($"Coffer supports symmetric encryption keys only (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT), not {spec ?? "SYMMETRIC_DEFAULT"} / {usage ?? "ENCRYPT_DECRYPT"}.");
        }

        if (origin is not (null or "AWS_KMS") || customKeyStore is not null)
        {
            throw KmsErrors.Unsupported($"Coffer generates all key material itself (Origin AWS_KMS); origin {origin ?? "a custom key store"} is not supported.");
        }

        if (multiRegion)
        {
            throw KmsErrors.Unsupported("Coffer does not support multi-Region keys.");
        }

        var key = await Keys.CreateKeyAsync(call.Caller, policy, description, bypass, tags, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Object(w => w.WriteKeyMetadata(key));
    }
}
