using System.Text.Json;
using Coffer.Keys;
using Coffer.Keys.Crypto;
using Coffer.Keys.Service;
using Coffer.Primitives;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.Kms;

/// <summary>
/// One KMS operation: reads and validates its input, calls the key service, writes AWS's response shape, and has
/// every call, successful or failed, recorded for the audit trail.
/// </summary>
internal abstract class KmsOperation(KeyService keys, IKmsAuditSink audit) : JsonOperation
{
    /// <summary>The most grant tokens a request may carry.</summary>
    protected const int MaxGrantTokens = 10;

    /// <summary>The key service.</summary>
    protected KeyService Keys { get; } = keys;

    /// <summary>Whether CloudTrail marks the call read-only.</summary>
    public abstract bool ReadOnly { get; }

    /// <inheritdoc />
    public sealed override async ValueTask<byte[]> ExecuteAsync(AwsRequestContext request, JsonElement input, CancellationToken cancellationToken)
    {
        var call = new KmsCall
        {
            Caller = new KmsCaller(request.Caller.Account, request.Caller.PrincipalArn, request.Caller.Region, request.Caller.AccessKeyId),
            Input = new KmsInput(input),
            Request = request,
        };
        byte[] response;
        try
        {
            response = await ExecuteAsync(call, cancellationToken);
        }
        catch (AwsServiceException e)
        {
            call.KeyArn ??= KeyArnForAudit(call, input);
            await audit.RecordAsync(call, Name, ReadOnly, e, CancellationToken.None);
            throw;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // An unexpected fault is a 500 for the client; the trail still records that the call was made and failed.
            call.KeyArn ??= KeyArnForAudit(call, input);
            await audit.RecordAsync(call, Name, ReadOnly, KmsErrors.Internal(), CancellationToken.None);
            throw;
        }

        // An operation that did not name its key (TagResource, GetKeyPolicy, ListKeyRotations…) is recorded with the key
        // its request named, as CloudTrail lists it among the resources.
        call.KeyArn ??= KeyArnForAudit(call, input);
        await audit.RecordAsync(call, Name, ReadOnly, null, CancellationToken.None);
        return response;
    }

    /// <summary>The key a call named, read from the raw request (a failed call's fields may be what failed validation).</summary>
    private string? KeyArnForAudit(KmsCall call, JsonElement input)
    {
        string? Field(string name) =>
            input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var blob = Field("CiphertextBlob") is { } text && text.Length <= 16384 ? TryBase64(text) : null;
        return Keys.KeyArnForAudit(call.Caller, Field("KeyId") ?? Field("SourceKeyId") ?? Field("TargetKeyId") ?? Field("DestinationKeyId"), blob);
    }

    private static byte[]? TryBase64(string text)
    {
        var bytes = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>Runs the operation.</summary>
    protected abstract ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken);

    /// <summary>The <c>GrantTokens</c> field: at most 10 tokens of 1–8192 characters.</summary>
    protected static IReadOnlyList<string> GrantTokens(KmsInput input) => input.StringList("GrantTokens", MaxGrantTokens, 1, 8192);

    /// <summary>An <c>EncryptionContext</c> field as a canonical context.</summary>
    protected static EncryptionContext Context(KmsInput input, string field = "EncryptionContext")
    {
        var map = input.StringMap(field);
        return EncryptionContext.TryCreate(map, out var context, out var error)
            ? context!
            : throw KmsErrors.Validation(KmsInput.Camel(field), error ?? "Member must be a valid encryption context");
    }

    /// <summary>A <c>Recipient</c> field (Nitro Enclaves attestation), which Coffer does not support.</summary>
    protected static void RefuseRecipient(KmsInput input)
    {
        if (input.Element("Recipient", JsonValueKind.Object) is not null)
        {
            throw KmsErrors.Unsupported("Coffer does not support Recipient: there are no Nitro Enclaves attestation documents to encrypt for.");
        }
    }

    /// <summary>An <c>EncryptionAlgorithm</c> field: symmetric keys take only SYMMETRIC_DEFAULT.</summary>
    protected static void SymmetricAlgorithm(KmsInput input, string field = "EncryptionAlgorithm")
    {
        var algorithm = input.OptionalEnum(field, "SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE");
        if (algorithm is not (null or "SYMMETRIC_DEFAULT"))
        {
            throw new AwsServiceException(KmsErrors.Codes.InvalidKeyUsage, $"The encryption algorithm {algorithm} is not valid for a symmetric encryption KMS key; use SYMMETRIC_DEFAULT.");
        }
    }
}
