using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>
/// ReEncrypt: a blob moved to DestinationKeyId (any form) and DestinationEncryptionContext, opened with its own key
/// (SourceKeyId, when given, must name it) and SourceEncryptionContext. Both keys are named by ARN in the response.
/// </summary>
internal sealed class ReEncryptOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ReEncrypt";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var ciphertext = input.RequiredBlob("CiphertextBlob", 1, 6144);
        var sourceContext = Context(input, "SourceEncryptionContext");
        var sourceKeyId = input.OptionalString("SourceKeyId", 1, 2048);
        var destinationKeyId = input.RequiredString("DestinationKeyId", 1, 2048);
        var destinationContext = Context(input, "DestinationEncryptionContext");
        SymmetricAlgorithm(input, "SourceEncryptionAlgorithm");
        SymmetricAlgorithm(input, "DestinationEncryptionAlgorithm");
        var tokens = GrantTokens(input);
        var dryRun = input.OptionalBool("DryRun") ?? false;
        var result = await Keys.ReEncryptAsync(call.Caller, ciphertext, sourceContext, sourceKeyId, destinationKeyId, destinationContext, tokens, dryRun, cancellationToken);
        call.KeyArn = result.DestinationKeyArn;
        return KmsJson.Object(w =>
        {
            w.WriteBase64String("CiphertextBlob", result.CiphertextBlob);
            w.WriteString("SourceKeyId", result.SourceKeyArn);
            w.WriteString("KeyId", result.DestinationKeyArn);
            w.WriteString("SourceEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            w.WriteString("DestinationEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            w.WriteString("SourceKeyMaterialId", result.SourceMaterialId.ToString());
            w.WriteString("DestinationKeyMaterialId", result.DestinationMaterialId.ToString());
        });
    }
}
