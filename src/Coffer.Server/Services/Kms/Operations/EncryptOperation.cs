using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>Encrypt: up to 4096 bytes under a key named in any form; the response names the key by ARN.</summary>
internal sealed class EncryptOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "Encrypt";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var keyId = input.RequiredString("KeyId", 1, 2048);
        var plaintext = input.RequiredBlob("Plaintext", 1, 4096);
        var context = Context(input);
        var tokens = GrantTokens(input);
        SymmetricAlgorithm(input);
        var dryRun = input.OptionalBool("DryRun") ?? false;
        try
        {
            var result = await Keys.EncryptAsync(call.Caller, keyId, plaintext, context, tokens, dryRun, cancellationToken);
            call.KeyArn = result.KeyArn;
            return KmsJson.Object(w =>
            {
                w.WriteBase64String("CiphertextBlob", result.CiphertextBlob);
                w.WriteString("KeyId", result.KeyArn);
                w.WriteString("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            });
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }
}
