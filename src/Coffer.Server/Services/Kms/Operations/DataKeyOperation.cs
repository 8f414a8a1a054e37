using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>
/// GenerateDataKey and GenerateDataKeyWithoutPlaintext: a data key of NumberOfBytes (1–1024) or KeySpec (AES_128,
/// AES_256) bytes sealed under a key named in any form. The plaintext, when returned, is zeroed once the response is written.
/// </summary>
internal abstract class DataKeyOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <summary>Whether the response carries the plaintext.</summary>
    protected abstract bool WithPlaintext { get; }

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var keyId = input.RequiredString("KeyId", 1, 2048);
        var context = Context(input);
        var numberOfBytes = input.OptionalInt("NumberOfBytes", 1, KeyService.MaxDataKeyBytes);
        var keySpec = input.OptionalEnum("KeySpec", "AES_256", "AES_128");
        var tokens = GrantTokens(input);
        if (WithPlaintext)
        {
            RefuseRecipient(input);
        }

        var dryRun = input.OptionalBool("DryRun") ?? false;
        using var result = await Keys.GenerateDataKeyAsync(call.Caller, keyId, numberOfBytes, keySpec, context, tokens, WithPlaintext, dryRun, cancellationToken);
        call.KeyArn = result.KeyArn;
        return KmsJson.Object(w =>
        {
            w.WriteBase64String("CiphertextBlob", result.CiphertextBlob);
            if (result.Plaintext is { } plaintext)
            {
                w.WriteBase64String("Plaintext", plaintext.ReadOnlySpan);
            }

            w.WriteString("KeyId", result.KeyArn);
            w.WriteString("KeyMaterialId", result.MaterialId.ToString());
        });
    }
}
