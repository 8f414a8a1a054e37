using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>Decrypt: the key comes from the blob (a KeyId given must match it); the response names it by ARN.</summary>
internal sealed class DecryptOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "Decrypt";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var ciphertext = input.RequiredBlob("CiphertextBlob", 1, 6144);
        var context = Context(input);
        var tokens = GrantTokens(input);
        var keyId = input.OptionalString("KeyId", 1, 2048);
        SymmetricAlgorithm(input);
        var dryRun = input.OptionalBool("DryRun") ?? false;
        call.Input.AuditParameters["encryptionAlgorithm"] = "SYMMETRIC_DEFAULT";
        using var result = await Keys.DecryptAsync(call.Caller, ciphertext, context, keyId, tokens, dryRun, cancellationToken);
        call.KeyArn = result.KeyArn;
        return KmsJson.Object(w =>
        {
            w.WriteString("KeyId", result.KeyArn);
            w.WriteBase64String("Plaintext", result.Plaintext.ReadOnlySpan);
            w.WriteString("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        });
    }
}
