namespace Coffer.Keys.Crypto;

/// <summary>
/// Wrapped key material could not be unwrapped: the root key is not the one it was wrapped under, or the stored record
/// was altered or belongs to another key or material generation. The message names the key ARN and material id (not
/// secret) and never says which of these it was; this is a server fault (<c>KMSInternalException</c>), not a client error.
/// </summary>
public sealed class KeyMaterialUnwrapException : Exception
{
    /// <summary>Creates the exception for one key's material.</summary>
    public KeyMaterialUnwrapException(string keyArn, KeyMaterialId materialId)
        : base($"The key material {materialId} of {keyArn} could not be unwrapped: the root key differs, or the stored record was altered or belongs to other material.")
    {
        KeyArn = keyArn;
        MaterialId = materialId;
    }

    /// <summary>Creates the exception with a message of the caller's.</summary>
    public KeyMaterialUnwrapException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of the caller's and its cause.</summary>
    public KeyMaterialUnwrapException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public KeyMaterialUnwrapException()
        : base("Key material could not be unwrapped.")
    {
    }

    /// <summary>The ARN of the key whose material failed, when known.</summary>
    public string? KeyArn { get; }

    /// <summary>The material generation that failed, when known.</summary>
    public KeyMaterialId? MaterialId { get; }
}
