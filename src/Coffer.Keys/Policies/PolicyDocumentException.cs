namespace Coffer.Keys.Policies;

/// <summary>
/// A key policy document that KMS would refuse. The server maps it to <c>MalformedPolicyDocumentException</c>,
/// passing <see cref="Exception.Message"/> through unchanged: the messages are written in AWS's words.
/// </summary>
public sealed class PolicyDocumentException : Exception
{
    /// <summary>Creates the error with a message that is safe to return to the client.</summary>
    public PolicyDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and the parser failure behind it (never sent to the client).</summary>
    public PolicyDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error with a generic message.</summary>
    public PolicyDocumentException()
        : base(PolicyMessages.InvalidJson)
    {
    }
}
