namespace Coffer.Protocols.SigV4;

/// <summary>Why a request's SigV4 authentication failed. The edge maps each to the called protocol's error code.</summary>
public enum SigV4Failure
{
    /// <summary>Authentication succeeded.</summary>
    None = 0,

    /// <summary>No Authorization header and no presigned query parameters.</summary>
    MissingAuthentication,

    /// <summary>The authorization is malformed or lacks a required part.</summary>
    IncompleteSignature,

    /// <summary>The access key id is not known.</summary>
    UnknownAccessKey,

    /// <summary>The signature does not match the one computed by the server.</summary>
    SignatureMismatch,

    /// <summary>The request's date is more than the allowed skew away from the server's clock.</summary>
    RequestExpired,

    /// <summary>A session token was sent; Coffer has no STS sessions.</summary>
    SessionTokenNotSupported,

    /// <summary>The credential scope names a region Coffer does not serve.</summary>
    InvalidRegion,
}
