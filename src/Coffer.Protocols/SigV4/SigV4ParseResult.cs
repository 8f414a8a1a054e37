namespace Coffer.Protocols.SigV4;

/// <summary>The outcome of reading a request's SigV4 authorization: a credential, or a failure with a message for the client.</summary>
public readonly record struct SigV4ParseResult(SigV4Credential? Credential, SigV4Failure Failure, string Message)
{
    /// <summary>Whether a credential was read.</summary>
    public bool Succeeded => Credential is not null;

    internal static SigV4ParseResult Ok(SigV4Credential credential) => new(credential, SigV4Failure.None, string.Empty);

    internal static SigV4ParseResult Fail(SigV4Failure failure, string message) => new(null, failure, message);
}
