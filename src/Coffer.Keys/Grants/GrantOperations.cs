using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Coffer.Keys.Grants;

/// <summary>Parsing, formatting and properties of <see cref="GrantOperation"/>.</summary>
public static class GrantOperations
{
    private static readonly FrozenDictionary<string, GrantOperation> ByName =
        Enum.GetValues<GrantOperation>().ToFrozenDictionary(operation => operation.ToString(), StringComparer.Ordinal);

    /// <summary>
    /// Parses AWS's exact (case-sensitive) operation name. Numeric strings are refused, unlike <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/>.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out GrantOperation operation)
    {
        if (name is not null && ByName.TryGetValue(name, out operation))
        {
            return true;
        }

        operation = default;
        return false;
    }

    /// <summary>The wire name, such as <c>GenerateDataKeyWithoutPlaintext</c>.</summary>
    public static string Format(GrantOperation operation) =>
        Enum.IsDefined(operation) ? operation.ToString() : throw new ArgumentOutOfRangeException(nameof(operation));

    /// <summary>
    /// Whether the operation takes an encryption context, so that encryption context grant constraints apply to it:
    /// the symmetric cryptographic operations, and CreateGrant (child grants must be equally or more constrained).
    /// </summary>
    public static bool TakesEncryptionContext(GrantOperation operation) => operation is GrantOperation.Decrypt
        or GrantOperation.Encrypt or GrantOperation.GenerateDataKey or GrantOperation.GenerateDataKeyWithoutPlaintext
        or GrantOperation.ReEncryptFrom or GrantOperation.ReEncryptTo or GrantOperation.GenerateDataKeyPair
        or GrantOperation.GenerateDataKeyPairWithoutPlaintext or GrantOperation.CreateGrant;

    /// <summary>
    /// Operations on asymmetric or HMAC keys, which have no encryption context: a grant with an encryption context
    /// constraint cannot include them (CreateGrant API reference, Constraints).
    /// </summary>
    public static bool RefusesEncryptionContextConstraint(GrantOperation operation) => operation is GrantOperation.Sign
        or GrantOperation.Verify or GrantOperation.GetPublicKey or GrantOperation.GenerateMac
        or GrantOperation.VerifyMac or GrantOperation.DeriveSharedSecret;
}
