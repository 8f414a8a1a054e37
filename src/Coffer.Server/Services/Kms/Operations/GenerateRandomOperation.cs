using Coffer.Keys;
using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>
/// GenerateRandom: NumberOfBytes (1–1024) random bytes; no key, so no authorisation beyond authentication. A
/// CustomKeyStoreId is CustomKeyStoreNotFoundException (Coffer has no custom key stores, so no id names one — what AWS
/// answers for an unknown id); a Recipient is UnsupportedOperationException.
/// </summary>
internal sealed class GenerateRandomOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "GenerateRandom";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var numberOfBytes = input.OptionalInt("NumberOfBytes", 1, KeyService.MaxDataKeyBytes);
        var customKeyStoreId = input.OptionalString("CustomKeyStoreId", 1, 64);
        RefuseRecipient(input);
        if (customKeyStoreId is not null)
        {
            throw KmsErrors.CustomKeyStoreNotFound(customKeyStoreId);
        }

        using var random = KeyService.GenerateRandom(numberOfBytes);
        return ValueTask.FromResult(KmsJson.Object(w => w.WriteBase64String("Plaintext", random.ReadOnlySpan)));
    }
}
