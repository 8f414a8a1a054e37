namespace Coffer.Keys.Crypto;

/// <summary>
/// An encryption context that cannot be encoded canonically: too many pairs, a key or value over 65,535 UTF-8 bytes,
/// a duplicate or null entry, or text that is not valid Unicode. The message names the rule, never the values.
/// The wire layer reports it as a <c>ValidationException</c>.
/// </summary>
public sealed class InvalidEncryptionContextException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidEncryptionContextException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public InvalidEncryptionContextException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidEncryptionContextException()
        : base("The encryption context is not valid.")
    {
    }
}
